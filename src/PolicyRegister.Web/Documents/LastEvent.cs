using Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>
/// The register's last event, its sequence and when it was recorded: read from <paramref name="open"/>'s database at
/// most once a second, and again at once after any commit of this process's sessions (<see cref="CommitCounter"/>),
/// so that a write here is never read as missing while a hot path costs no query. Another node's write shows within
/// the second. One home for "up to date as of" (<see cref="RegisterFreshness"/>) and the public validators.
/// </summary>
public sealed class LastEvent(Func<IQuerySession> open, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset ReadAt, long Commits, long Sequence, DateTimeOffset? At) _cached = (DateTimeOffset.MinValue, -1, 0, null);

    public async Task<(long Sequence, DateTimeOffset? At)> Read(CancellationToken token)
    {
        if (Fresh(_cached, clock.GetUtcNow()) is { } hit) return hit;
        await _gate.WaitAsync(token);
        try
        {
            var now = clock.GetUtcNow();
            if (Fresh(_cached, now) is { } again) return again;
            var commits = Interlocked.Read(ref CommitCounter.Commits);
            await using var session = open();
            // Two one-row reads of the sequence's index (a selected timestamp cannot share a projection with the sequence here).
            var sequence = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).Take(1).ToListAsync(token);
            var at = sequence.Count == 0 ? []
                : await session.Events.QueryAllRawEvents().Where(e => e.Sequence == sequence[0]).Select(e => e.Timestamp).Take(1).ToListAsync(token);
            _cached = (now, commits, sequence.Count == 0 ? 0 : sequence[0], at.Count == 0 ? null : at[0]);
            return (_cached.Sequence, _cached.At);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static (long, DateTimeOffset?)? Fresh((DateTimeOffset ReadAt, long Commits, long Sequence, DateTimeOffset? At) c, DateTimeOffset now) =>
        now - c.ReadAt < MaxAge && c.Commits == Interlocked.Read(ref CommitCounter.Commits) ? (c.Sequence, c.At) : null;

    /// <summary>Counts the commits of this process's sessions, so that <see cref="LastEvent"/> reads again after any.</summary>
    public sealed class CommitCounter : DocumentSessionListenerBase
    {
        public static long Commits;

        public override Task AfterCommitAsync(IDocumentSession session, Marten.Services.IChangeSet commit, CancellationToken token)
        {
            Interlocked.Increment(ref Commits);
            return Task.CompletedTask;
        }
    }
}
