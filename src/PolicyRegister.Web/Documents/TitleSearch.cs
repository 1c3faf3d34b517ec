using System.Linq.Expressions;
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
/// cursor (keyset: <c>after</c>), which costs the same at any depth. When the words are common, the index's posting
/// lists would cost more than walking the signing-date index, so the words are checked on the titles instead, in
/// signing order, and the walk stops at the cap (<see cref="OrderedShare"/>). Words alone, or within jurisdictions,
/// are answered from the narrow rows of titles (<see cref="TitleEntry"/>); other filters need the documents' columns,
/// and the same steps run over the documents, their title keys asked of the entries.
/// </summary>
public static class TitleSearch
{
    public const int CountCap = 1000;

    private sealed record Row(Guid Id, DateOnly? SignedOn, string SearchText);

    /// <summary>
    /// Where the rows come from: those meeting a condition in SQL (<c>d.</c> columns, <c>?</c> values), how many, in
    /// the signing-date index's order or in none; and how the title keys are asked.
    /// </summary>
    private sealed record Source(
        Func<string, object[], bool, int, CancellationToken, Task<IReadOnlyList<Guid>>> Ids,
        Func<string, object[], bool, int, CancellationToken, Task<IReadOnlyList<Row>>> Rows,
        string HasKeys);

    /// <summary>
    /// One page of the matches. <paramref name="filtered"/> carries the search's filters beyond jurisdictions (null when
    /// there are none), <paramref name="jurisdictions"/> the jurisdictions (null: all). <paramref name="common"/> and
    /// <paramref name="cap"/> are for tests: the way taken, and where counting stops.
    /// </summary>
    public static async Task<TitleSearchPage> Find(IQuerySession session, IReadOnlyList<string>? jurisdictions, IQueryable<Document>? filtered, string q,
        int skip, int take, TitleCursor? after, CancellationToken token, bool? common = null, int cap = CountCap)
    {
        var words = TextSearch.Words(q);
        if (words.Length == 0) return new([], 0, false, null);
        var titles = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(TitleEntry)).TableName;
        var source = filtered is null ? Entries(session, jurisdictions) : Documents(filtered, jurisdictions, titles.QualifiedName);
        var density = Density(await KeyStatistics.Shares(session, titles, "title_keys", token), SearchKeys.OfWords(words));
        // The matches up to the cap. Rare words: named by the index. Common words: every word checked on the titles, down
        // the signing-date index (whose entries hold the titles), where the posting lists would cost more than the walk.
        var ordered = common ?? density >= OrderedShare;
        var (sql, values) = ordered ? Holding(words) : Matching(source, words);
        var ids = await source.Ids(sql, values, ordered, cap + 1, token);
        var counted = ids.Count;
        // All of them (the count is exact): their rows are read and ranked here. More: the page is walked to in signing order.
        var page = counted <= cap
            ? Ranked(counted == 0 ? [] : await source.Rows("d.id = any(?)", [ids.ToArray()], false, cap, token), words, skip, take + 1, after)
            : await Walk(source, words, skip, take + 1, after, token);
        var loaded = page.Count == 0 ? [] : (await session.LoadManyAsync<Document>(token, page.Take(take).Select(x => x.Row.Id))).ToDictionary(d => d.Id);
        var items = page.Take(take).Where(x => loaded.ContainsKey(x.Row.Id)).Select(x => loaded[x.Row.Id]).ToList();
        var next = page.Count > take ? new TitleCursor(page[take - 1].Tier, page[take - 1].Row.SignedOn, page[take - 1].Row.Id).ToString() : null;
        return new(items, Math.Min(counted, cap), counted > cap, next);
    }

    /// <summary>The narrow rows of titles, within the jurisdictions.</summary>
    private static Source Entries(IQuerySession session, IReadOnlyList<string>? jurisdictions)
    {
        IQueryable<TitleEntry> query = session.Query<TitleEntry>();
        if (jurisdictions is [var only]) query = query.Where(t => t.Jurisdiction == only);
        else if (jurisdictions is { Count: > 1 }) query = query.Where(t => t.Jurisdiction.IsOneOf(jurisdictions.ToArray()));
        return Over(query, t => t.Id, t => new Row(t.Id, t.SignedOn, t.SearchText), "d.title_keys @> ?");
    }

    /// <summary>The documents the other filters keep, their title keys asked of the entries (the same rows, the same keys).</summary>
    private static Source Documents(IQueryable<Document> filtered, IReadOnlyList<string>? jurisdictions, string titles)
    {
        var query = SearchDocumentsEndpoint.Filter(filtered, null, jurisdictions, null, null, null, null, default);
        return Over(query, d => d.Id, d => new Row(d.Id, d.SignedOn, d.SearchText),
            $"d.id in (select t.id from {titles} t where t.title_keys @> ?)");
    }

    /// <summary>A source over <paramref name="query"/>: its rows that meet a condition, in the signing-date index's order or in none.</summary>
    private static Source Over<T>(IQueryable<T> query, Expression<Func<T, Guid>> id, Expression<Func<T, Row>> row, string hasKeys)
    {
        IQueryable<T> Meeting(string sql, object[] values, bool ordered)
        {
            var matching = query.Where(x => x!.MatchesSql(sql, values));
            return ordered ? matching.OrderBySql(Order) : matching;
        }
        return new(
            async (sql, values, ordered, n, token) => await Meeting(sql, values, ordered).Select(id).Take(n).ToListAsync(token),
            async (sql, values, ordered, n, token) => await Meeting(sql, values, ordered).Select(row).Take(n).ToListAsync(token),
            hasKeys);
    }

    /// <summary>The page among all the matches: ranked by tier, then in signing order.</summary>
    private static IReadOnlyList<(Row Row, int Tier)> Ranked(IReadOnlyList<Row> rows, string[] words, int skip, int want, TitleCursor? after)
    {
        var ranked = rows.Select(r => (Row: r, Tier: Tier(r.SearchText, words)))
            .Order(Comparer<(Row Row, int Tier)>.Create((a, b) => Compare(a, new(b.Tier, b.Row.SignedOn, b.Row.Id)))).ToList();
        var from = after is null ? skip : ranked.FindIndex(x => Compare(x, after) > 0) is var i and >= 0 ? i : ranked.Count;
        return [.. ranked.Skip(from).Take(want)];
    }

    /// <summary>
    /// The page of many matches, in order: the current titles' matches (the first tier) down the signing-date index,
    /// the dated then the undated (each a range of the index), and only when they run out, from the start, those that
    /// only an earlier or alternative title holds. The words are checked in the query, so only the page's rows come back.
    /// </summary>
    private static async Task<IReadOnlyList<(Row Row, int Tier)>> Walk(Source source, string[] words, int skip, int want, TitleCursor? after,
        CancellationToken token)
    {
        var found = new List<(Row, int)>();
        var (all, allValues) = Holding(words);
        var (first, firstValues) = Holding(words, CurrentTitle);
        foreach (var tier in new[] { 0, 1 })
        {
            if (after is { } a && a.Tier > tier) continue;
            var from = after is { } c && c.Tier == tier ? c : null;
            var (match, values) = tier == 0 ? (first, firstValues) : ($"{all} and not ({first})", (object[])[.. allValues, .. firstValues]);
            foreach (var undated in new[] { false, true })
            {
                if (from is { SignedOn: null } && !undated) continue;
                var (range, rangeValues) = After(from, undated);
                var rows = await source.Rows($"{match} and {range}", [.. values, .. rangeValues], true, skip + want - found.Count, token);
                found.AddRange(rows.Select(r => (r, tier)));
                if (found.Count >= skip + want) return [.. found.Skip(skip).Take(want)];
            }
        }
        return [.. found.Skip(skip).Take(want)];
    }

    /// <summary>Words whose keys are expected in at least this share of the titles are counted down the signing-date index (<see cref="Density"/>).</summary>
    public const double OrderedShare = 0.1;

    /// <summary>
    /// The share of titles expected to hold every key (each key's share from <see cref="KeyStatistics"/>, as if the keys
    /// were independent; 0 when one is rarer than the statistics list): only the way to the answer depends on it.
    /// </summary>
    private static double Density(IReadOnlyDictionary<int, float> shares, int[] keys) => keys.Aggregate(1.0, (p, k) => p * shares.GetValueOrDefault(k));

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
    /// The signing-date index's order in memory (<see cref="Order"/>): newest first, undated last, then by id descending
    /// as PostgreSQL orders uuids (by their bytes as written; .NET's Guid.CompareTo does not).
    /// </summary>
    internal static int SigningOrder(DateOnly? aSigned, Guid aId, DateOnly? bSigned, Guid bId)
    {
        if (aSigned != bSigned) return aSigned is null ? 1 : bSigned is null ? -1 : bSigned.Value.CompareTo(aSigned.Value);
        return bId.ToByteArray(bigEndian: true).AsSpan().SequenceCompareTo(aId.ToByteArray(bigEndian: true));
    }

    /// <summary>The rows one of whose titles holds every word: keys from the index, longer words confirmed on the titles.</summary>
    private static (string Sql, object[] Values) Matching(Source source, string[] words)
    {
        var undecided = words.Where(w => !SearchKeys.Decides(w)).ToArray();
        return (source.HasKeys + string.Concat(undecided.Select(w => " and " + HoldsSql("d.search_text", w))),
            [SearchKeys.OfWords(words), .. undecided.Select(w => w.ToLowerInvariant())]);
    }

    /// <summary>The same rows found without the index: every word checked on the titles (as <see cref="SearchKeys.Holds"/> does).</summary>
    private static (string Sql, object[] Values) Holding(string[] words, string titles = "d.search_text") =>
        (string.Join(" and ", words.Select(w => HoldsSql(titles, w))), [.. words.Select(w => w.ToLowerInvariant())]);

    /// <summary>
    /// The check that <paramref name="column"/> holds a word (asked lower-cased), for the title and text searches. A word
    /// is folded only when it has letters with case: folding a whole Chinese text costs more than the search.
    /// </summary>
    public static string HoldsSql(string column, string word) => word == word.ToUpperInvariant() ? $"strpos({column}, ?) > 0" : $"strpos(lower({column}), ?) > 0";

    /// <summary>The current title in SQL: the first line of the titles column (as <see cref="Tier"/> reads it).</summary>
    public const string CurrentTitle = "split_part(d.search_text, E'\\n', 1)";

    /// <summary>The order of the signing-date index: newest first, undated last, then by id (descending).</summary>
    internal const string Order = "d.signed_on desc nulls last, d.id desc";

    /// <summary>Documents in <see cref="Order"/> (the search inside texts walks them so).</summary>
    internal static IQueryable<Document> Ordered(IQueryable<Document> query) => query.OrderBySql(Order);

    /// <summary>
    /// Keyset: the rows after the cursor's in the index's order, dated ones (<paramref name="undated"/> false) or the
    /// undated that follow them, so that each is a range of the index.
    /// </summary>
    private static (string Sql, object[] Values) After(TitleCursor? after, bool undated)
    {
        if (after?.SignedOn is { } s && !undated) return ("d.signed_on <= ? and (d.signed_on < ? or d.id < ?)", [s, s, after.Id]);
        if (!undated) return ("d.signed_on is not null", []);
        return after is { SignedOn: null } ? ("d.signed_on is null and d.id < ?", [after.Id]) : ("d.signed_on is null", []);
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
