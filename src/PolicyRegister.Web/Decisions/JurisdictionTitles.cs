using Microsoft.Extensions.Caching.Memory;
using PolicyRegister.Domain.Decisions;

namespace PolicyRegister.Web.Decisions;

/// <summary>
/// The title index of a jurisdiction's documents, kept between decisions while the documents read for it are the same.
/// A decision whose rows must be scored against the whole jurisdiction reads its numbers and titles anyway; building
/// their keys and postings again is what grows with the register (about 100 ms at 5,000 documents), and comparing the
/// rows read with the rows kept costs under a millisecond. Kept by the rows themselves, never by a version or a clock,
/// so an index is never used for other rows than those it was built from.
/// </summary>
public static class JurisdictionTitles
{
    /// <summary>Room for four jurisdictions of 5,000 documents (about 16 MB each); the least recently used leave first.</summary>
    public const int KeptCandidates = 20_000;

    private static readonly MemoryCache kept = new(new MemoryCacheOptions { SizeLimit = KeptCandidates });

    private sealed record Entry(IReadOnlyList<Candidate> Candidates, TitleIndex Index);

    /// <summary>Drops every kept index, so that the next decision builds its own (a measurement of the first decision).</summary>
    public static void Forget() => kept.Compact(1.0);

    /// <summary>The kept candidates and index when <paramref name="read"/> holds the same rows, else both built from it and kept.</summary>
    public static (IReadOnlyList<Candidate> Candidates, TitleIndex Index) Kept(string jurisdiction, IReadOnlyList<Candidate> read)
    {
        var rows = read.OrderBy(c => c.Id).ToList();
        if (kept.TryGetValue(jurisdiction, out Entry? entry) && Same(entry!.Candidates, rows)) return (entry.Candidates, entry.Index);
        var index = new TitleIndex(rows);
        if (rows.Count <= KeptCandidates / 2)
            kept.Set(jurisdiction, new Entry(rows, index), new MemoryCacheEntryOptions { Size = Math.Max(1, rows.Count), SlidingExpiration = TimeSpan.FromMinutes(30) });
        return (rows, index);
    }

    private static bool Same(IReadOnlyList<Candidate> a, IReadOnlyList<Candidate> b)
    {
        if (a.Count != b.Count) return false;
        for (var i = 0; i < a.Count; i++)
        {
            var (x, y) = (a[i], b[i]);
            if (x.Id != y.Id || x.Number != y.Number || x.NumberKey != y.NumberKey || x.Title != y.Title || !x.AlternativeTitles.SequenceEqual(y.AlternativeTitles))
                return false;
        }
        return true;
    }
}
