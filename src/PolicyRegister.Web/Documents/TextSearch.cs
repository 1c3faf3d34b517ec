using Marten;
using Marten.Linq.MatchesSql;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Texts;

namespace PolicyRegister.Web.Documents;

/// <summary>Where the words stand in a document's text: a snippet around the first, its place in the snippet, and the article it is in.</summary>
public sealed record TextMatch(string Snippet, int Start, int Length, string? Part, string? PartLabel, int Hits);

/// <summary>What a search inside the texts found: one page, newest first, and how many documents match (counted up to <see cref="TextSearch.CountCap"/>; <paramref name="TotalCapped"/>: at least that many).</summary>
public sealed record TextSearchPage(IReadOnlyList<(Document Document, TextMatch Match)> Items, long Total, bool TotalCapped);

/// <summary>
/// Search inside the texts: a document matches when one version of its text holds every word (case folded). The GIN
/// index over each text's keys (<see cref="SearchKeys"/>) names candidates and the texts confirm the words it cannot
/// decide; which way the page and the count are reached (confirm few candidates, walk in signing order, walk and count)
/// is chosen here, not by the planner. Documents come newest first (by signing date), as in the national database,
/// because a relevance rank must read every matching text and a common word matches most of the register. The page's
/// texts are then read once for the snippets and the number of occurrences. One home for the API (`in=text`) and the
/// public search's 全文 switch.
/// </summary>
public static class TextSearch
{
    private const int Before = 24, After = 60;

    private sealed record Hit(Guid Id, DateOnly? SignedOn);

    /// <summary>Counting stops here: beyond it the answer says “more than” (a common word would otherwise cost a read of every text).</summary>
    public const int CountCap = 200;

    public static string[] Words(string q) => [.. q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5)];

    /// <summary>Keeps the documents one version of whose text holds every key of the words: the index's candidates, unconfirmed.</summary>
    private static IQueryable<Document> WithKeys(IQueryable<Document> query, IDocumentStore store, string[] words)
    {
        var sql = $"exists (select 1 from {Table(store)} t where t.document_id = d.id and t.search_keys @> ?)";
        object[] values = [SearchKeys.OfWords(words)];
        return query.Where(d => d.MatchesSql(sql, values));
    }

    /// <summary>
    /// Candidates beyond this take the page from a walk down the signing-date index: confirming every candidate costs
    /// a read of each text, walking to a page of twenty costs twenty texts divided by the share that match, and the
    /// two meet near √(20 × 100,000) ≈ 1,400 candidates at a province's size.
    /// </summary>
    public const int WalkAbove = 1500;

    /// <summary>
    /// One page of the documents whose text holds the words, newest first, and their number up to the cap.
    /// <paramref name="filtered"/> carries the search's other filters (null: the whole register, counted on the texts alone).
    /// </summary>
    public static async Task<TextSearchPage> Find(IQuerySession session, IQueryable<Document>? filtered, string q, int skip, int take, CancellationToken token,
        int walkAbove = WalkAbove, bool? common = null)
    {
        var words = Words(q);
        if (words.Length == 0) return new([], 0, false);
        var register = filtered ?? session.Query<Document>();
        if (common ?? await KeyStatistics.Share(session, TableName(session.DocumentStore), "search_keys", SearchKeys.OfWords(words), token) >= KeyStatistics.CommonShare)
        {
            // Every key of the words is in a fifth of the texts or more: a walk finds the page and the cap within a few
            // hundred documents, cheaper than the bitmap of a posting list that long.
            var (walked, whole) = await Walk(session, register, words, skip + take, CountCap + 1, token);
            return await Page(session, words, [.. walked.Skip(skip).Take(take)], Math.Min(walked.Count, CountCap), !whole || walked.Count > CountCap, token);
        }
        // The candidates the index names, with the other filters applied; on the whole register, from the texts alone.
        var candidates = filtered is null
            ? await Candidates(session, words, walkAbove + 1, token)
            : await Within(session, register, words, walkAbove + 1, token);
        IReadOnlyList<Guid> pageIds;
        int counted;
        var atLeast = false;
        if (candidates.Count <= walkAbove)
        {
            // Few: each is confirmed on its text (only those), then sorted; the count is exact.
            var hits = await Hits(session, candidates, words, token);
            counted = hits.Count;
            pageIds = [.. hits.Order(Comparer<Hit>.Create((a, b) => TitleSearch.SigningOrder(a.SignedOn, a.Id, b.SignedOn, b.Id))).Skip(skip).Take(take).Select(m => m.Id)];
        }
        else
        {
            // A common word: the page walks the signing-date index and stops at its end; the count confirms candidates up to the cap.
            pageIds = [.. (await Walk(session, register, words, skip + take, 0, token)).Found.Skip(skip).Take(take)];
            counted = (await Confirm(session, candidates, words, CountCap + 1, token)).Count;
            // Only the first candidates were confirmed: fewer than the cap among them says "at least", never "exactly".
            atLeast = true;
        }
        return await Page(session, words, pageIds, Math.Min(counted, CountCap), atLeast || counted > CountCap, token);
    }

    /// <summary>The page's documents with their snippets: the newest version holding every word gives the snippet.</summary>
    private static async Task<TextSearchPage> Page(IQuerySession session, string[] words, IReadOnlyList<Guid> pageIds, int total, bool atLeast, CancellationToken token)
    {
        var loaded = (await session.LoadManyAsync<Document>(token, pageIds)).ToDictionary(d => d.Id);
        var documents = pageIds.Where(loaded.ContainsKey).Select(id => loaded[id]).ToList();
        var ids = documents.Select(d => d.Id).ToArray();
        var texts = ids.Length == 0 ? [] : await session.Query<DocumentText>().Where(t => t.DocumentId.IsOneOf(ids)).OrderByDescending(t => t.StreamVersion).ToListAsync(token);
        var items = documents.Select(d => (Document: d, Text: texts.FirstOrDefault(t => t.DocumentId == d.Id && words.All(w => SearchKeys.Holds(t.Text, w)))))
            .Where(x => x.Text is not null).Select(x => (x.Document, Match(x.Text!.Text, words))).ToList();
        return new(items, total, atLeast);
    }

    /// <summary>
    /// The page of a common word: the documents in signing order, a growing slice at a time, each slice checked against
    /// the texts in one query (by document id, then keys, then the text) until the page is full. The planner is kept out
    /// of it on purpose: its estimate for a phrase multiplies its bigrams' shares as if independent, far too low, and
    /// it would confirm every candidate of a common phrase instead of walking.
    /// </summary>
    /// <returns>The matches in signing order, at least <paramref name="page"/> and <paramref name="count"/> of them when there are that many; <c>Whole</c>: the register was walked to its end.</returns>
    private static async Task<(IReadOnlyList<Guid> Found, bool Whole)> Walk(IQuerySession session, IQueryable<Document> register, string[] words, int page, int count,
        CancellationToken token)
    {
        var (checks, confirmed) = Checks(words);
        // The keys as an expression no index serves: a slice is a few hundred rows by document id, and a bitmap of a
        // common key's whole posting list would cost more than the slice.
        var sql = $"select distinct t.document_id from {Table(session.DocumentStore)} t where t.document_id = any(?) and (t.search_keys || '{{}}'::integer[]) @> ?{checks}";
        var keys = SearchKeys.OfWords(words);
        var found = new List<Guid>();
        for (int offset = 0, slice = 200; found.Count < Math.Max(page, count); offset += slice, slice = Math.Min(slice * 2, 5000))
        {
            // The signing-date index's own order (newest first, undated last), so that a slice is a range of it.
            var ids = await TitleSearch.Ordered(register).Select(d => d.Id).Skip(offset).Take(slice).ToListAsync(token);
            object[] parameters = [ids.ToArray(), keys, .. confirmed];
            var holding = ids.Count == 0 ? [] : (await session.QueryAsync<Guid>(sql, token, parameters)).ToHashSet();
            found.AddRange(ids.Where(holding.Contains));
            if (ids.Count < slice) return (found, true);
        }
        return (found, false);
    }

    /// <summary>The text checks for the words the index cannot decide, folded only when a word has letters with case (folding a whole Chinese text costs more than the search).</summary>
    private static (string Sql, object[] Parameters) Checks(string[] words)
    {
        var undecided = words.Where(w => !SearchKeys.Decides(w)).Select(w => w.ToLowerInvariant()).ToArray();
        return (string.Concat(undecided.Select(w => " and " + TitleSearch.HoldsSql("t.data ->> 'text'", w))), [.. undecided]);
    }

    private static Weasel.Core.DbObjectName TableName(IDocumentStore store) => store.Options.FindOrResolveDocumentType(typeof(DocumentText)).TableName;

    private static string Table(IDocumentStore store) => TableName(store).QualifiedName;

    /// <summary>
    /// The documents of the whole register whose text holds every key of the words (a plain scan of the index on the
    /// texts' table alone, stopping early), up to <paramref name="upTo"/>; when the scan stopped, <paramref name="upTo"/>
    /// of them at least, so that a list cut short is never taken for the whole.
    /// </summary>
    private static async Task<IReadOnlyList<Guid>> Candidates(IQuerySession session, string[] words, int upTo, CancellationToken token)
    {
        // Rows are versions: a margin over the limit keeps the distinct documents whole where a few have several.
        var rows = await session.QueryAsync<Guid>(CandidatesSql(session.DocumentStore, upTo), token, SearchKeys.OfWords(words));
        var documents = rows.Distinct().ToList();
        return rows.Count < upTo + 100 || documents.Count >= upTo ? documents : [.. documents, .. Enumerable.Repeat(Guid.Empty, upTo - documents.Count)];
    }

    /// <summary>The scan of the index for the whole register's candidates (one parameter: the words' keys), shown by the benchmark's EXPLAIN.</summary>
    public static string CandidatesSql(IDocumentStore store, int upTo) => $"select t.document_id from {Table(store)} t where t.search_keys @> ? limit {upTo + 100}";

    /// <summary>The keys the index is asked for (<see cref="SearchKeys.OfWord"/> of every word).</summary>
    public static int[] KeysOf(string q) => SearchKeys.OfWords(Words(q));

    /// <summary>Candidates of the whole register beyond which the other filters are applied by the planner's join instead of by id.</summary>
    private const int FilterById = 20_000;

    /// <summary>
    /// The candidates within the search's other filters, up to <paramref name="upTo"/>: the whole register's candidates
    /// (a plain scan of the index) filtered by id when they are not too many, else the planner's join of index and filters.
    /// </summary>
    private static async Task<IReadOnlyList<Guid>> Within(IQuerySession session, IQueryable<Document> register, string[] words, int upTo, CancellationToken token)
    {
        var everywhere = await Candidates(session, words, FilterById, token);
        return everywhere.Count < FilterById
            ? await register.Where(d => d.Id.IsOneOf(everywhere.ToArray())).Select(d => d.Id).Take(upTo).ToListAsync(token)
            : await WithKeys(register, session.DocumentStore, words).Select(d => d.Id).Take(upTo).ToListAsync(token);
    }

    /// <summary>The candidates whose text holds every word, with their signing dates to order them: one query.</summary>
    private static async Task<IReadOnlyList<Hit>> Hits(IQuerySession session, IReadOnlyList<Guid> candidates, string[] words, CancellationToken token)
    {
        if (candidates.Count == 0) return [];
        var (checks, confirmed) = Checks(words);
        var documents = session.DocumentStore.Options.FindOrResolveDocumentType(typeof(Document)).TableName.QualifiedName;
        var holds = confirmed.Length == 0 ? "" : $" and exists (select 1 from {Table(session.DocumentStore)} t where t.document_id = d.id{checks})";
        object[] parameters = [candidates.ToArray(), .. confirmed];
        return await session.QueryAsync<Hit>($"select json_build_object('id', d.id, 'signedOn', d.signed_on) from {documents} d where d.id = any(?){holds}", token, parameters);
    }

    /// <summary>
    /// The candidates one version of whose text holds every word, up to <paramref name="upTo"/>: the words the index
    /// decides need no reading; the others are confirmed on the candidates' texts only, in one query.
    /// </summary>
    private static async Task<IReadOnlyList<Guid>> Confirm(IQuerySession session, IReadOnlyList<Guid> candidates, string[] words, int upTo, CancellationToken token)
    {
        var (checks, confirmed) = Checks(words);
        if (confirmed.Length == 0 || candidates.Count == 0) return [.. candidates.Take(upTo)];
        object[] parameters = [candidates.ToArray(), .. confirmed];
        // No DISTINCT in SQL: it would confirm every candidate before the limit could stop it.
        var rows = await session.QueryAsync<Guid>(
            $"select t.document_id from {Table(session.DocumentStore)} t where t.document_id = any(?){checks} limit {upTo + 100}", token, parameters);
        return [.. rows.Distinct().Take(upTo)];
    }

    public static TextMatch Match(string text, string[] words)
    {
        var first = text.IndexOf(words[0], StringComparison.OrdinalIgnoreCase);
        var hits = words.Sum(w => Count(text, w));
        var from = Math.Max(0, first - Before);
        var to = Math.Min(text.Length, first + words[0].Length + After);
        var snippet = (from > 0 ? "…" : "") + text[from..to].Replace('\n', ' ') + (to < text.Length ? "…" : "");
        // The parts before the match decide its article's id: the text is parsed up to the end of the match's line.
        var lineEnd = text.IndexOf('\n', first + words[0].Length);
        var article = TextStructure.Parse(lineEnd < 0 ? text : text[..lineEnd]).All().Where(p => p.Kind == PartKind.Article)
            .FirstOrDefault(a => Flatten(a).Contains(words[0], StringComparison.OrdinalIgnoreCase));
        return new TextMatch(snippet, first - from + (from > 0 ? 1 : 0), words[0].Length, article?.Id, article is null ? null : $"{article.Number}{(article.Heading.Length > 0 ? " " + article.Heading : "")}", hits);
    }

    private static string Flatten(TextPart part) => part.Heading + part.Text + string.Concat(part.Children.Select(Flatten));

    private static int Count(string text, string word)
    {
        var n = 0;
        for (var i = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(word, i + word.Length, StringComparison.OrdinalIgnoreCase)) n++;
        return n;
    }
}
