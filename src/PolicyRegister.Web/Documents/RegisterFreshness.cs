using Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>
/// "Register up to date as of …" for current reads: the time of the last recorded event, read at most once a second
/// per node. The status hot path then costs one round trip; reads "as of" a past moment still ask the database.
/// </summary>
public sealed class RegisterFreshness(IDocumentStore store, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset ReadAt, DateTimeOffset? Value) _cached = (DateTimeOffset.MinValue, null);

    public async Task<DateTimeOffset?> LastRecorded(CancellationToken token)
    {
        var now = clock.GetUtcNow();
        var cached = _cached;
        if (now - cached.ReadAt < MaxAge) return cached.Value;
        await _gate.WaitAsync(token);
        try
        {
            if (now - _cached.ReadAt < MaxAge) return _cached.Value;
            await using var session = store.QuerySession();
            _cached = (now, await DocumentReads.UpToDateAsOf(session, null, token));
            return _cached.Value;
        }
        finally
        {
            _gate.Release();
        }
    }
}
