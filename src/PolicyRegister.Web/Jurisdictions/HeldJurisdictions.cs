using Marten;
using PolicyRegister.Web.Documents;

namespace PolicyRegister.Web.Jurisdictions;

/// <summary>
/// The jurisdictions that hold documents, and how many each holds, read from the title entries (<see cref="TitleEntry"/>:
/// one narrow row per document, kept in the transaction of every write that sets a jurisdiction) and never from the
/// documents. The list walks their jurisdiction index one probe per division; the counts are one index-only pass over it
/// (under a megabyte at 100,000 documents), taken again only when the register has changed (<see cref="LastEvent"/>).
/// A counter table kept by increments was not chosen: a document first known from a decision and registered later
/// would count twice, and every registration in a division would queue on its one row.
/// </summary>
public sealed class HeldJurisdictions(IDocumentStore store, TimeProvider clock)
{
    private readonly LastEvent _last = new(store.QuerySession, clock);
    private sealed record Kept(long Sequence, IReadOnlyDictionary<string, int> Counts);
    private Kept? _counts;

    /// <summary>The documents each jurisdiction holds (only those holding any), as of the register's last event.</summary>
    public async Task<IReadOnlyDictionary<string, int>> Counts(CancellationToken token)
    {
        var (sequence, _) = await _last.Read(token);
        if (_counts is { } kept && kept.Sequence == sequence) return kept.Counts;
        await using var session = store.QuerySession();
        var rows = await session.Query<TitleEntry>().GroupBy(t => t.Jurisdiction).Select(g => new { Code = g.Key, Count = g.Count() }).ToListAsync(token);
        var counts = rows.ToDictionary(r => r.Code, r => r.Count);
        _counts = new(sequence, counts);
        return counts;
    }

    /// <summary>
    /// The codes of the jurisdictions that hold documents, in code order, as a skip through the jurisdiction index (one
    /// probe per division: under a millisecond, where DISTINCT reads every entry): for pages that list them on every request.
    /// </summary>
    public static async Task<IReadOnlyList<string>> Codes(IQuerySession session, CancellationToken token)
    {
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(TitleEntry)).TableName.QualifiedName;
        var codes = await session.QueryAsync<string>($"""
            with recursive held as (
              (select jurisdiction from {table} order by jurisdiction limit 1)
              union all
              select (select t.jurisdiction from {table} t where t.jurisdiction > held.jurisdiction order by t.jurisdiction limit 1)
              from held where held.jurisdiction is not null)
            select jurisdiction from held where jurisdiction is not null
            """, token);
        return [.. codes.Order(StringComparer.Ordinal)];
    }
}
