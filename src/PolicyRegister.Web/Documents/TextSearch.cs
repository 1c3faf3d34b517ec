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
/// decide. Which way the page and the count are reached is chosen here, not by the planner: the candidates met in
/// signing order, each text confirmed only until the page is full and the count has passed the cap; or, for a common
/// word, a walk that checks keys on the way. Documents come newest first (by signing date), as in the national database,
/// because a relevance rank must read every matching text and a common word matches most of the register. The page's
/// texts are then read once for the snippets and the number of occurrences. One home for the API (`in=text`) and the
/// public search's 全文 switch.
/// </summary>
public static class TextSearch
{
    private const int Before = 24, After = 60;

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
    /// The whole register's candidates beyond which they are met in a walk down the signing-date index instead of being
    /// put in that order by a query: ordering costs a read of each candidate's row, the walk reads only the index's
    /// entries, about (CountCap ÷ the candidates' share) of them, and the two meet near √(12 × 100,000) ≈ 1,100
    /// candidates at a province's size.
    /// </summary>
    public const int WalkAbove = 1500;

    /// <summary>
    /// The index's candidates read whole up to this many: then the page and the count come from one pass over the
    /// candidates in signing order. Beyond it (a word in more than a fifth of the register whose statistics the planner
    /// missed), the walk checks each document's keys on the way, as for a common word.
    /// </summary>
    public const int Gather = 20_000;

    /// <summary>
    /// One page of the documents whose text holds the words, newest first, and their number up to the cap.
    /// <paramref name="jurisdictions"/> narrows to those divisions when there is no other filter (their documents in
    /// signing order are one range of an index); <paramref name="filtered"/> carries the search's filters otherwise
    /// (both null: the whole register). <paramref name="walkAbove"/>, <paramref name="common"/> and
    /// <paramref name="gather"/> choose the way; tests set them to show that every way gives the same answer.
    /// </summary>
    public static async Task<TextSearchPage> Find(IQuerySession session, IReadOnlyList<string>? jurisdictions, IQueryable<Document>? filtered, string q, int skip, int take,
        CancellationToken token, int walkAbove = WalkAbove, bool? common = null, int gather = Gather)
    {
        var words = Words(q);
        if (words.Length == 0) return new([], 0, false);
        // Walkable: the register, or its jurisdictions, in signing order is read from an index alone.
        var walkable = filtered is null;
        var register = filtered ?? SearchDocumentsEndpoint.Filter(session.Query<Document>(), null, jurisdictions, null, null, null, null, default);
        // The page from the matches in signing order, counted up to the cap ("at least" unless every match was found).
        Task<TextSearchPage> Answer((List<Guid> Found, bool Whole) matches) =>
            Page(session, words, [.. matches.Found.Skip(skip).Take(take)], Math.Min(matches.Found.Count, CountCap), !matches.Whole || matches.Found.Count > CountCap, token);
        if (common ?? await KeyStatistics.Share(session, TableName(session.DocumentStore), "search_keys", SearchKeys.OfWords(words), token) >= KeyStatistics.CommonShare)
        {
            // Every key of the words is in a fifth of the texts or more: a walk finds the page and the cap within a few
            // hundred documents, cheaper than the bitmap of a posting list that long.
            return await Answer(await Walk(session, register, words, skip + take, CountCap + 1, token));
        }
        // Enough matches for the page and past the cap, or all of them; a deep page needs more than the cap.
        var need = Math.Max(skip + take, CountCap + 1);
        var (candidates, complete) = await Candidates(session, words, gather, token);
        if (complete)
        {
            // Every candidate is known: met in signing order (by a query when few or when the filters need the rows, by
            // the index's walk when many), each confirmed on its text only until the page is full and the count has
            // passed the cap.
            var ordered = !walkable || candidates.Count <= walkAbove
                ? InOrder(register, candidates, token)
                : Met(register, candidates.ToHashSet(), token);
            return await Answer(await ConfirmInOrder(session, ordered, words, need, token));
        }
        if (filtered is not null || jurisdictions is not null)
        {
            // Too many to read whole: the planner's join of index and filters names the candidates within the filters.
            var within = await WithKeys(register, session.DocumentStore, words).Select(d => d.Id).Take(walkAbove + 1).ToListAsync(token);
            if (within.Count <= walkAbove) return await Answer(await ConfirmInOrder(session, InOrder(register, within, token), words, need, token));
            candidates = within;
        }
        // The page walks the signing-date index checking keys on the way; the count confirms the first candidates up to
        // the cap: fewer than the cap among them says "at least", never "exactly".
        var pageIds = (await Walk(session, register, words, skip + take, 0, token)).Found.Skip(skip).Take(take).ToList();
        var counted = (await ConfirmInOrder(session, candidates.ToAsyncEnumerable(), words, CountCap + 1, token)).Found.Count;
        return await Page(session, words, pageIds, Math.Min(counted, CountCap), true, token);
    }

    /// <summary>The candidates within the register's filters, in signing order, by one query.</summary>
    private static async IAsyncEnumerable<Guid> InOrder(IQueryable<Document> register, IReadOnlyList<Guid> candidates,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
    {
        if (candidates.Count == 0) yield break;
        var ids = candidates.ToArray();
        foreach (var id in await TitleSearch.Ordered(register.Where(d => d.Id.IsOneOf(ids))).Select(d => d.Id).ToListAsync(token)) yield return id;
    }

    /// <summary>The candidates as a walk down the signing-date index meets them (no row is read).</summary>
    private static async IAsyncEnumerable<Guid> Met(IQueryable<Document> register, HashSet<Guid> candidates,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
    {
        await foreach (var (ids, _) in Slices(register, 500, 8000, token))
            foreach (var id in ids.Where(candidates.Contains)) yield return id;
    }

    /// <summary>
    /// The register's ids in the signing-date index's own order (newest first, undated last), a growing slice at a time,
    /// so that each slice is one range of the index; <c>Last</c>: the register ends in it.
    /// </summary>
    private static async IAsyncEnumerable<(IReadOnlyList<Guid> Ids, bool Last)> Slices(IQueryable<Document> register, int first, int largest,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
    {
        for (int offset = 0, slice = first; ; offset += slice, slice = Math.Min(slice * 2, largest))
        {
            var ids = await TitleSearch.Ordered(register).Select(d => d.Id).Skip(offset).Take(slice).ToListAsync(token);
            var last = ids.Count < slice;
            yield return (ids, last);
            if (last) yield break;
        }
    }

    /// <summary>
    /// The candidates, in the order given, that one version of whose text holds every word, confirmed a batch at a time
    /// (each as large as the matches still needed) until <paramref name="need"/> are found; <c>Whole</c>: every
    /// candidate was looked at. Words the index decides need no reading.
    /// </summary>
    private static async Task<(List<Guid> Found, bool Whole)> ConfirmInOrder(IQuerySession session, IAsyncEnumerable<Guid> ordered, string[] words, int need,
        CancellationToken token)
    {
        var (checks, confirmed) = Checks(words);
        var sql = $"select t.document_id from {Table(session.DocumentStore)} t where t.document_id = any(?){checks}";
        var found = new List<Guid>();
        var batch = new List<Guid>();
        async Task Flush()
        {
            if (batch.Count == 0) return;
            object[] parameters = [batch.ToArray(), .. confirmed];
            var holding = confirmed.Length == 0 ? null : (await session.QueryAsync<Guid>(sql, token, parameters)).ToHashSet();
            found.AddRange(holding is null ? batch : batch.Where(holding.Contains));
            batch.Clear();
        }
        await foreach (var id in ordered.WithCancellation(token))
        {
            batch.Add(id);
            if (batch.Count < need - found.Count) continue;
            await Flush();
            if (found.Count >= need) return (found, false);
        }
        await Flush();
        return (found, true);
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
    private static async Task<(List<Guid> Found, bool Whole)> Walk(IQuerySession session, IQueryable<Document> register, string[] words, int page, int count,
        CancellationToken token)
    {
        var (checks, confirmed) = Checks(words);
        // The keys as an expression no index serves: a slice is a few hundred rows by document id, and a bitmap of a
        // common key's whole posting list would cost more than the slice.
        var sql = $"select distinct t.document_id from {Table(session.DocumentStore)} t where t.document_id = any(?) and (t.search_keys || '{{}}'::integer[]) @> ?{checks}";
        var keys = SearchKeys.OfWords(words);
        var found = new List<Guid>();
        await foreach (var (ids, last) in Slices(register, 200, 5000, token))
        {
            object[] parameters = [ids.ToArray(), keys, .. confirmed];
            var holding = ids.Count == 0 ? [] : (await session.QueryAsync<Guid>(sql, token, parameters)).ToHashSet();
            found.AddRange(ids.Where(holding.Contains));
            if (last) return (found, true);
            if (found.Count >= Math.Max(page, count)) break;
        }
        return (found, false);
    }

    /// <summary>The text checks for the words the index cannot decide, folded only when a word has letters with case (folding a whole Chinese text costs more than the search).</summary>
    private static (string Sql, object[] Parameters) Checks(string[] words)
    {
        var undecided = words.Where(w => !SearchKeys.Decides(w)).Select(w => w.ToLowerInvariant()).ToArray();
        return (string.Concat(undecided.Select(w => " and " + TitleSearch.HoldsSql("t.data ->> 'text'", w))), [.. undecided]);
    }

    /// <summary>The texts' table, whose schema also holds the candidates' function.</summary>
    public static Weasel.Core.DbObjectName TableName(IDocumentStore store) => store.Options.FindOrResolveDocumentType(typeof(DocumentText)).TableName;

    private static string Table(IDocumentStore store) => TableName(store).QualifiedName;

    /// <summary>
    /// The documents of the whole register whose text holds every key of the words (a plain scan of the index on the
    /// texts' table alone, stopping early): all of them (<c>Complete</c>), or when the scan stopped the first
    /// <paramref name="upTo"/> at least.
    /// </summary>
    private static async Task<(IReadOnlyList<Guid> Documents, bool Complete)> Candidates(IQuerySession session, string[] words, int upTo, CancellationToken token)
    {
        var rows = await session.QueryAsync<Guid>($"select c from {TableName(session.DocumentStore).Schema}.{CandidatesFunction}(?, ?) c", token,
            SearchKeys.OfWords(words), CandidateRows(upTo));
        var documents = rows.Distinct().ToList();
        return (documents, rows.Count < CandidateRows(upTo) && documents.Count <= upTo);
    }

    /// <summary>The rows the scan reads for <paramref name="upTo"/> documents: rows are versions, and a margin keeps the distinct documents whole where a few have several.</summary>
    public static int CandidateRows(int upTo) => upTo + 100;

    /// <summary>The function that scans the index for the whole register's candidates (see <see cref="CandidatesFunctionSql"/>).</summary>
    public const string CandidatesFunction = "text_candidates";

    /// <summary>The scan of the index for the whole register's candidates ($1: the words' keys, $2: how many rows at most), shown by the benchmark's EXPLAIN.</summary>
    public static string CandidatesSql(string texts) => $"select t.document_id from {texts} t where t.search_keys @> $1 limit $2";

    /// <summary>The setting the scan runs under: the index, never a scan of the table.</summary>
    public const string CandidatesSetting = "enable_seqscan = off";

    /// <summary>
    /// The scan as a function that carries its setting (created once by the register's schema step): the keys are stored
    /// out of line (TOAST), which the planner does not price, so once a few recorded texts waited in the index's pending
    /// list it preferred a sequential scan that reads every text's keys (10,747 texts: 275 ms, against about 1 ms
    /// through the index). A function's own setting lasts for its call alone.
    /// </summary>
    public static string CandidatesFunctionSql(Weasel.Core.DbObjectName texts) =>
        $"create function {texts.Schema}.{CandidatesFunction}(integer[], integer) returns setof uuid language sql stable set {CandidatesSetting} as $f${CandidatesSql(texts.QualifiedName)}$f$";

    /// <summary>The keys the index is asked for (<see cref="SearchKeys.OfWord"/> of every word).</summary>
    public static int[] KeysOf(string q) => SearchKeys.OfWords(Words(q));

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
