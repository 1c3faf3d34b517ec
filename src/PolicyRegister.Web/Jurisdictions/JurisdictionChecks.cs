using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Web.Documents;

namespace PolicyRegister.Web.Jurisdictions;

/// <param name="Level">`document` for a check of this document, `jurisdiction` for a check of its whole division (or a parent).</param>
public sealed record CheckView(DateOnly On, CheckSource Against, string AgainstText, string? Reference, string Level, string? Jurisdiction);

/// <summary>
/// The latest check of each jurisdiction, read from the checks' own streams. Checks are few, so the current table is
/// kept in memory and read again when the register has learnt something (at most once a second, as freshness is);
/// an "as of" read folds the streams of the division and its parents up to that moment.
/// </summary>
public sealed class JurisdictionChecks(IDocumentStore store, RegisterFreshness freshness)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset? Stamp, IReadOnlyDictionary<string, JurisdictionChecked> Latest)? _cached;

    public async Task<CheckView?> For(string jurisdiction, DateTimeOffset? asOf, IQuerySession session, CancellationToken token)
    {
        var codes = Divisions.SelfAndAncestors(jurisdiction).Select(d => d.Code).ToList();
        if (codes.Count == 0) codes = [jurisdiction];
        JurisdictionChecked? best = null;
        if (asOf is null)
        {
            var latest = await Latest(token);
            foreach (var code in codes)
                if (latest.TryGetValue(code, out var c) && (best is null || c.CheckedUpTo > best.CheckedUpTo)) best = c;
        }
        else
        {
            foreach (var code in codes)
            {
                var events = await session.Events.FetchStreamAsync(JurisdictionChecked.StreamOf(code), timestamp: asOf, token: token);
                foreach (var c in events.Select(e => e.Data).OfType<JurisdictionChecked>())
                    if (best is null || c.CheckedUpTo > best.CheckedUpTo) best = c;
            }
        }
        return best is null ? null : new CheckView(best.CheckedUpTo, best.Against, Timeline.Against(best.Against), best.Reference, "jurisdiction", best.Jurisdiction);
    }

    /// <summary>After a check is recorded on this node, the next read reloads (other nodes within a second).</summary>
    public void Invalidate() => _cached = null;

    /// <summary>The later of the document's own check and its jurisdiction's.</summary>
    public static CheckView? Latest(Document doc, CheckView? jurisdiction)
    {
        var own = doc.LastCheck is { } c ? new CheckView(c.CheckedUpTo, c.Against, Timeline.Against(c.Against), c.Reference, "document", null) : null;
        return own is null ? jurisdiction : jurisdiction is null || own.On >= jurisdiction.On ? own : jurisdiction;
    }

    private async Task<IReadOnlyDictionary<string, JurisdictionChecked>> Latest(CancellationToken token)
    {
        var stamp = await freshness.LastRecorded(token);
        if (_cached is { } cached && cached.Stamp == stamp) return cached.Latest;
        await _gate.WaitAsync(token);
        try
        {
            if (_cached is { } again && again.Stamp == stamp) return again.Latest;
            await using var session = store.QuerySession();
            var all = await session.Events.QueryRawEventDataOnly<JurisdictionChecked>().ToListAsync(token);
            var latest = all.GroupBy(c => Divisions.Canonical(c.Jurisdiction))
                .ToDictionary(g => g.Key, g => g.MaxBy(c => c.CheckedUpTo)!);
            _cached = (stamp, latest);
            return latest;
        }
        finally
        {
            _gate.Release();
        }
    }
}
