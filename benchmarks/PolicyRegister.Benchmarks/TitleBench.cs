using System.Text.Json.Nodes;
using Marten;
using Marten.Linq.MatchesSql;
using Npgsql;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Texts;
using PolicyRegister.Web.Documents;

namespace PolicyRegister.Benchmarks;

/// <summary>
/// Title search at a province's size, over HTTP against the running product: words of 1, 2, 3 and 4 characters taken
/// from the register's own titles, the most frequent and the rarest of each length, one kind within a jurisdiction.
/// The median of the runs' p95 beside the goal, per kind, and EXPLAIN (ANALYZE, BUFFERS) of each query shape.
/// </summary>
public static class TitleBench
{
    private sealed record Query(string Kind, string Q, string? Jurisdiction = null);

    public static async Task<int> Measure(Options options)
    {
        var product = options.Get("product", "http://127.0.0.1:5091");
        var runs = options.Int("runs", 3);
        var perKind = options.Int("queries", 25);
        const double goalMs = 20;
        using var store = Generator.Store(options.ConnectionString);
        await using var session = store.QuerySession();

        // Words as people type them: substrings of real titles, counted over a sample of 3,000.
        var random = new Random(5);
        var titles = await session.Query<Document>().OrderBy(d => d.Id).Select(d => d.Title).Take(3000).ToListAsync();
        var queries = new List<Query>();
        foreach (var length in new[] { 1, 2, 3, 4 })
        {
            var counts = titles.SelectMany(t => Enumerable.Range(0, Math.Max(0, t.Length - length + 1)).Select(i => t.Substring(i, length)).Distinct())
                .Where(w => w.All(char.IsLetter)).GroupBy(w => w).Select(g => (Word: g.Key, Count: g.Count())).OrderByDescending(x => x.Count).ToList();
            var frequent = counts.Take(40).Select(x => x.Word).ToArray();
            var rare = counts.Where(x => x.Count <= 3).Select(x => x.Word).ToArray();
            for (var i = 0; i < perKind; i++)
            {
                queries.Add(new($"{length} character{(length > 1 ? "s" : "")}, frequent", frequent[random.Next(frequent.Length)]));
                if (rare.Length > 0) queries.Add(new($"{length} character{(length > 1 ? "s" : "")}, rare", rare[random.Next(rare.Length)]));
            }
        }
        var places = Synthetic.Places.Select(PolicyRegister.Domain.Jurisdictions.Divisions.Canonical).ToArray();
        var twoWords = titles.Select(t => t.Length > 12 ? t.Substring(random.Next(0, 4), 2) + " " + t.Substring(random.Next(8, t.Length - 2), 2) : t).ToArray();
        for (var i = 0; i < perKind; i++)
        {
            queries.Add(new("two words", twoWords[random.Next(twoWords.Length)]));
            queries.Add(new("2 characters in one jurisdiction", titles[random.Next(titles.Count)].Substring(4, 2), places[random.Next(places.Length)]));
        }

        using var http = new HttpClient { BaseAddress = new Uri(product), Timeout = TimeSpan.FromMinutes(2) };
        string Url(Query q) => $"/api/documents?q={Uri.EscapeDataString(q.Q)}&on=2024-06-30" + (q.Jurisdiction is { } j ? $"&jurisdiction={j}" : "");
        foreach (var q in queries)
        {
            using var response = await http.GetAsync(Url(q));
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{Url(q)} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        var (perRun, byKind, totals) = await Results.TimeQueries(http, queries, q => q.Kind, Url, runs, random);
        var medianP95 = Results.Median(perRun.Select(r => r.P95));
        var documents = await session.Query<Document>().CountAsync();
        var events = await session.Events.QueryAllRawEvents().CountAsync();
        var measure = new JsonObject
        {
            ["name"] = "title search p95", ["ours"] = Math.Round(medianP95, 1), ["reference"] = null, ["ratio"] = null,
            ["goal"] = $"p95 ≤ {goalMs} ms over HTTP", ["met"] = medianP95 <= goalMs, ["unit"] = "ms", ["load"] = Results.Median(perRun.Select(r => r.Load)),
            ["runs"] = new JsonArray([.. perRun.Select(r => (JsonNode)new JsonObject { ["p50"] = Math.Round(r.P50, 1), ["p95"] = Math.Round(r.P95, 1), ["load"] = r.Load })]),
            ["measured"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"),
            ["how"] = $"GET /api/documents?q=…&on=2024-06-30[&jurisdiction=…] over HTTP, one at a time: {queries.Count} queries a run ({byKind.Count} kinds, shuffled), " +
                $"{runs} runs after one unrecorded warm-up pass; a page of 20 by relevance then date, the total counted up to 1,000; the median of the runs' p95",
        };
        var plans = new JsonObject();
        foreach (var q in queries.Where(q => q.Jurisdiction is null).DistinctBy(q => q.Kind)) plans[q.Kind] = await Explain(session, options.ConnectionString, q.Q);
        var detail = new JsonObject
        {
            ["byKind"] = new JsonObject([.. byKind.Select(k => new KeyValuePair<string, JsonNode?>(k.Key, new JsonObject
            {
                ["p50Ms"] = Math.Round(Results.Percentile(k.Value, 0.5), 1), ["p95Ms"] = Math.Round(Results.Percentile(k.Value, 0.95), 1),
                ["documentsFoundMedian"] = Results.Median(totals[k.Key]), ["example"] = queries.First(q => q.Kind == k.Key).Q,
            }))]),
            ["plans"] = plans,
        };
        var file = options.Get("out", "benchmarks/results.json");
        await Results.Write(file, new JsonObject { ["documents"] = documents, ["events"] = events, ["machine"] = $"{Environment.ProcessorCount} cores" }, measure, "title search", detail);
        Console.WriteLine($"title search over {documents:N0} documents: median p95 {medianP95:N1} ms (goal ≤ {goalMs} ms: {(medianP95 <= goalMs ? "met" : "missed")}); written to {file}");
        return 0;
    }

    /// <summary>
    /// EXPLAIN (ANALYZE, BUFFERS) of the shapes a title search takes over the titles' own rows: the index's candidates
    /// (rare words), the count of common words checked on the titles in signing order, and the walk to a page of the
    /// current titles' matches.
    /// </summary>
    private static async Task<JsonObject> Explain(IQuerySession session, string connectionString, string q)
    {
        var words = TextSearch.Words(q);
        var keys = SearchKeys.OfWords(words);
        object[] lowered = [.. words.Select(w => w.ToLowerInvariant())];
        var candidates = session.Query<TitleEntry>().Where(t => t.MatchesSql("d.title_keys @> ?", (object)keys)).Select(t => t.Id).Take(1001).ToCommand();
        var holding = string.Join(" and ", words.Select(w => TitleSearch.HoldsSql("d.search_text", w)));
        var count = session.Query<TitleEntry>().Where(t => t.MatchesSql(holding, lowered)).OrderBySql("d.signed_on desc nulls last, d.id desc")
            .Select(t => t.Id).Take(1001).ToCommand();
        var first = string.Join(" and ", words.Select(w => TitleSearch.HoldsSql(TitleSearch.CurrentTitle, w)));
        var walk = session.Query<TitleEntry>().Where(t => t.MatchesSql(first + " and d.signed_on is not null", lowered)).OrderBySql("d.signed_on desc nulls last, d.id desc")
            .Select(t => new { t.Id, t.SignedOn, t.SearchText }).Take(21).ToCommand();
        async Task<JsonArray> Plan(NpgsqlCommand command) => new([.. (await Measurements.Plan(connectionString, "explain (analyze, buffers) " + command.CommandText,
            command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()))).Select(l => (JsonNode)l)]);
        return new JsonObject { ["candidates"] = await Plan(candidates), ["common count"] = await Plan(count), ["walk"] = await Plan(walk) };
    }
}
