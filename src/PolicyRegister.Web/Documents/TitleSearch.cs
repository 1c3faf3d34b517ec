using Marten;
using Marten.Linq.MatchesSql;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Texts;

namespace PolicyRegister.Web.Documents;

/// <summary>What a title search found: one page, the number of matches up to <see cref="TitleSearch.CountCap"/> (<paramref name="TotalCapped"/>: at least that many), and the cursor of the next page.</summary>
public sealed record TitleSearchPage(IReadOnlyList<Document> Items, long Total, bool TotalCapped, string? Next);

/// <summary>
/// Search by words of a title: a document matches when one of its known titles (the current one, earlier or
/// alternative ones) holds every word, case folded. The GIN index over the titles' keys (<see cref="SearchKeys"/>)
/// decides words of one or two characters and names the candidates of longer ones, which the titles column confirms.
/// Relevance first, then date: documents whose current title holds every word come before those matched only by an
/// earlier title, each newest first (undated last). The count stops at <see cref="CountCap"/>. Pages go by offset or by
/// cursor (keyset: <c>after</c>), which costs the same at any depth. When every key of the words is common, the index's
/// posting lists would cost more than walking the signing-date index, so the keys are asked as an expression it does
/// not serve and the walk stops at the page (<see cref="KeyStatistics"/>).
/// </summary>
public static class TitleSearch
{
    public const int CountCap = 1000;

    private sealed record Row(Guid Id, DateOnly? SignedOn, string SearchText);

    /// <summary>One page of the matches within <paramref name="filtered"/> (the search's other filters).</summary>
    public static async Task<TitleSearchPage> Find(IQuerySession session, IQueryable<Document> filtered, string q, int skip, int take, TitleCursor? after,
        CancellationToken token, bool? common = null)
    {
        var words = TextSearch.Words(q);
        if (words.Length == 0) return new([], 0, false, null);
        var table = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(Document)).TableName;
        var walk = common ?? await KeyStatistics.Share(session, table, "title_keys", SearchKeys.OfWords(words), token) >= KeyStatistics.CommonShare;
        var matching = Matching(filtered, words, walk);
        IReadOnlyList<(Row Row, int Tier)> page;
        int counted;
        // Up to the cap, from the index (rare keys) or from the table in its own order (common keys), stopping there.
        var ids = await matching.Select(d => d.Id).Take(CountCap + 1).ToListAsync(token);
        if (!walk && ids.Count <= CountCap)
        {
            // Few (the count is exact): every match with its titles and date, ranked here; more are walked to instead.
            var rows = ids.Count == 0 ? [] : await session.Query<Document>().Where(d => d.Id.IsOneOf(ids.ToArray()))
                .Select(d => new Row(d.Id, d.SignedOn, d.SearchText)).ToListAsync(token);
            counted = rows.Count;
            var ranked = rows.Select(r => (Row: r, Tier: Tier(r.SearchText, words)))
                .Order(Comparer<(Row Row, int Tier)>.Create((a, b) => Compare(a, new(b.Tier, b.Row.SignedOn, b.Row.Id)))).ToList();
            var from = after is null ? skip : ranked.FindIndex(x => Compare(x, after) > 0) is var i and >= 0 ? i : ranked.Count;
            page = [.. ranked.Skip(from).Take(take + 1)];
        }
        else
        {
            // Many: the page is walked to in signing order; the count stops at the cap.
            counted = ids.Count;
            page = await Walk(filtered, words, skip, take + 1, after, after is { Tier: 1 }, token);
        }
        var loaded = page.Count == 0 ? [] : (await session.LoadManyAsync<Document>(token, page.Take(take).Select(x => x.Row.Id))).ToDictionary(d => d.Id);
        var items = page.Take(take).Where(x => loaded.ContainsKey(x.Row.Id)).Select(x => loaded[x.Row.Id]).ToList();
        var next = page.Count > take ? new TitleCursor(page[take - 1].Tier, page[take - 1].Row.SignedOn, page[take - 1].Row.Id).ToString() : null;
        return new(items, Math.Min(counted, CountCap), counted > CountCap, next);
    }

    /// <summary>
    /// The page of a common word: the current title's matches are the first tier, so the walk down the signing-date
    /// index stops once it holds the page of them; the earlier titles' matches follow only when it reaches the end.
    /// A growing slice at a time, the titles checked here by the same rule as the index (<see cref="SearchKeys.Holds"/>).
    /// </summary>
    private static async Task<IReadOnlyList<(Row Row, int Tier)>> Walk(IQueryable<Document> filtered, string[] words, int skip, int want, TitleCursor? after,
        bool onlyEarlier, CancellationToken token)
    {
        var current = new List<(Row, int)>();
        var earlier = new List<(Row, int)>();
        var from = after;
        // The dated documents, then the undated ones (each a range of the index), a growing slice at a time.
        var undated = after is { SignedOn: null };
        for (var slice = 200; ; slice = Math.Min(slice * 2, 5000))
        {
            var rows = await Ordered(After(filtered, from, undated)).Select(d => new Row(d.Id, d.SignedOn, d.SearchText)).Take(slice).ToListAsync(token);
            foreach (var row in rows.Where(r => words.All(w => SearchKeys.Holds(r.SearchText, w))))
                (Tier(row.SearchText, words) == 0 ? current : earlier).Add((row, Tier(row.SearchText, words)));
            if (!onlyEarlier && current.Count >= skip + want) return [.. current.Skip(skip).Take(want)];
            if (rows.Count == slice) from = new TitleCursor(0, rows[^1].SignedOn, rows[^1].Id);
            else if (!undated) (undated, from) = (true, null);
            else break;
        }
        // The whole register was walked: the earlier titles' matches follow the current title's.
        if (onlyEarlier) return [.. earlier.Take(want)];
        var all = current.Concat(earlier).ToList();
        if (after is null) return [.. all.Skip(skip).Take(want)];
        // A cursor in the first tier: the rest of it, then the earlier titles' matches from their start (walked again from the top).
        return [.. current.Concat(await Walk(filtered, words, 0, want - current.Count, null, onlyEarlier: true, token)).Take(want)];
    }

    /// <summary>0 when the current title (the first line of the titles) holds every word, 1 when only an earlier or alternative title does.</summary>
    private static int Tier(string searchText, string[] words)
    {
        var title = Document.TitlesOf(searchText)[0];
        return words.All(w => SearchKeys.Holds(title, w)) ? 0 : 1;
    }

    /// <summary>The order of a title search: tier, then <see cref="SigningOrder"/>.</summary>
    private static int Compare((Row Row, int Tier) x, TitleCursor c) =>
        x.Tier != c.Tier ? x.Tier.CompareTo(c.Tier) : SigningOrder(x.Row.SignedOn, x.Row.Id, c.SignedOn, c.Id);

    /// <summary>
    /// The signing-date index's order in memory (<see cref="Ordered"/>): newest first, undated last, then by id descending
    /// as PostgreSQL orders uuids (by their bytes as written; .NET's Guid.CompareTo does not).
    /// </summary>
    internal static int SigningOrder(DateOnly? aSigned, Guid aId, DateOnly? bSigned, Guid bId)
    {
        if (aSigned != bSigned) return aSigned is null ? 1 : bSigned is null ? -1 : bSigned.Value.CompareTo(aSigned.Value);
        return bId.ToByteArray(bigEndian: true).AsSpan().SequenceCompareTo(aId.ToByteArray(bigEndian: true));
    }

    /// <summary>The documents one of whose titles holds every word: keys from the index (or, walking, as an expression), longer words confirmed on the titles.</summary>
    private static IQueryable<Document> Matching(IQueryable<Document> query, string[] words, bool walk)
    {
        var undecided = words.Where(w => !SearchKeys.Decides(w)).ToArray();
        var sql = (walk ? "(d.title_keys || '{}'::integer[]) @> ?" : "d.title_keys @> ?") + string.Concat(undecided.Select(w => " and " + HoldsSql("d.search_text", w)));
        object[] values = [SearchKeys.OfWords(words), .. undecided.Select(w => w.ToLowerInvariant())];
        return query.Where(d => d.MatchesSql(sql, values));
    }

    /// <summary>
    /// The check that <paramref name="column"/> holds a word (asked lower-cased), for the title and text searches. A word
    /// is folded only when it has letters with case: folding a whole Chinese text costs more than the search.
    /// </summary>
    internal static string HoldsSql(string column, string word) => word == word.ToUpperInvariant() ? $"strpos({column}, ?) > 0" : $"strpos(lower({column}), ?) > 0";

    /// <summary>The order of the signing-date index: newest first, undated last, then by id (descending).</summary>
    internal static IQueryable<Document> Ordered(IQueryable<Document> query) => query.OrderBySql("d.signed_on desc nulls last, d.id desc");

    /// <summary>
    /// Keyset: the rows after the cursor's in the index's order, dated ones (<paramref name="undated"/> false) or the
    /// undated that follow them, so that each is a range of the index.
    /// </summary>
    private static IQueryable<Document> After(IQueryable<Document> query, TitleCursor? after, bool undated)
    {
        if (after?.SignedOn is { } s && !undated)
        {
            object[] values = [s, s, after.Id];
            return query.Where(d => d.MatchesSql("d.signed_on <= ? and (d.signed_on < ? or d.id < ?)", values));
        }
        if (!undated) return query.Where(d => d.MatchesSql("d.signed_on is not null"));
        return after is { SignedOn: null } ? query.Where(d => d.MatchesSql("d.signed_on is null and d.id < ?", after.Id)) : query.Where(d => d.MatchesSql("d.signed_on is null"));
    }

}

/// <summary>Where a title search's page ended: the relevance tier, signing date and id of its last document (<c>after</c> in the API).</summary>
public sealed record TitleCursor(int Tier, DateOnly? SignedOn, Guid Id)
{
    public override string ToString() => $"{Tier}.{SignedOn?.ToString("yyyyMMdd") ?? "-"}.{Id:N}";

    public static bool TryParse(string? text, out TitleCursor? cursor)
    {
        cursor = null;
        var parts = (text ?? "").Split('.');
        if (parts.Length != 3 || parts[0] is not ("0" or "1") || !Guid.TryParseExact(parts[2], "N", out var id)) return false;
        DateOnly? signed = null;
        if (parts[1] != "-")
        {
            if (!DateOnly.TryParseExact(parts[1], "yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d)) return false;
            signed = d;
        }
        cursor = new(parts[0] == "0" ? 0 : 1, signed, id);
        return true;
    }
}
