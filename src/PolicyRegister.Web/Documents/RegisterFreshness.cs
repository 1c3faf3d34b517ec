using Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>
/// "Register up to date as of …" for current reads: the time of the last recorded event (<see cref="LastEvent"/>, read
/// at most once a second per node and after each local commit). The status hot path then costs one round trip; reads
/// "as of" a past moment still ask the database.
/// </summary>
public sealed class RegisterFreshness(IDocumentStore store, TimeProvider clock)
{
    private readonly LastEvent _last = new(store.QuerySession, clock);

    public async Task<DateTimeOffset?> LastRecorded(CancellationToken token) => (await _last.Read(token)).At;
}
