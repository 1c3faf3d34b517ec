using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Npgsql;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Documents;

namespace PolicyRegister.Benchmarks;

/// <summary>
/// Search inside texts at a province's size: every synthetic document gets a text (through the product's append
/// path and inline projections), then searches over HTTP against the running product, by kind of word.
/// </summary>
public static class TextBench
{
    /// <summary>Appends a synthetic text to every document that has none, in batches of 500 streams.</summary>
    public static async Task<int> Generate(Options options)
    {
        using var store = Generator.Store(options.ConnectionString);
        await PolicyRegister.Web.Infrastructure.RegisterSchema.ApplyStoreAsync(store);
        var table = TextSearch.TableName((IDocumentStore)store).QualifiedName;
        var documents = DocumentReads.TableName((IDocumentStore)store).QualifiedName;
        var todo = new List<(Guid Id, string Title, long Version)>();
        await using (var conn = new NpgsqlConnection(options.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"select d.id, d.data ->> 'title', d.mt_version from {documents} d where not exists (select 1 from {table} t where t.document_id = d.id) order by d.id", conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) todo.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2)));
        }
        Console.Error.WriteLine($"{todo.Count:N0} documents without a text");
        if (options.Get("rekey", "") == "yes") await Rekey(store);
        var watch = Stopwatch.StartNew();
        long bytes = 0;
        var done = 0;
        foreach (var batch in todo.Chunk(500))
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = "generator";
            session.SetHeader("reason", "synthetic texts");
            foreach (var (id, title, version) in batch)
            {
                var topic = Synthetic.Topics.FirstOrDefault(title.Contains) ?? Synthetic.Topics[0];
                var text = SyntheticTexts.For(id.GetHashCode(), title, topic);
                bytes += System.Text.Encoding.UTF8.GetByteCount(text);
                // At its version, as the product records a text: a blind quick append leaves the inline projection
                // without the event's version, and the stored document would then claim version 0.
                session.Events.Append(id, version + 1, new TextRecorded(text, null, new TextSource("synthetic")));
            }
            await session.SaveChangesAsync();
            done += batch.Length;
            Console.Error.Write($"\r{done:N0} texts, {bytes / 1e6:N0} MB, {watch.Elapsed.TotalSeconds:N0} s");
        }
        Console.Error.WriteLine();
        await Generator.Analyze(options.ConnectionString, $"analyze {table}; analyze {documents}");
        Console.WriteLine($"recorded {done:N0} texts ({bytes / 1e6:N0} MB of UTF-8) in {watch.Elapsed.TotalSeconds:N0} s");
        return 0;
    }

    /// <summary>Stores every text again, so that its derived index keys follow a change of <see cref="PolicyRegister.Domain.Texts.SearchKeys"/>.</summary>
    private static async Task Rekey(DocumentStore store)
    {
        var watch = Stopwatch.StartNew();
        var done = 0;
        string? after = "";
        while (after is not null)
        {
            await using var session = store.LightweightSession();
            var batch = await session.Query<DocumentText>().Where(t => string.Compare(t.Id, after) > 0).OrderBy(t => t.Id).Take(1000).ToListAsync();
            foreach (var text in batch) session.Store(text);
            await session.SaveChangesAsync();
            done += batch.Count;
            after = batch.Count == 0 ? null : batch[^1].Id;
            Console.Error.Write($"\r{done:N0} texts stored again, {watch.Elapsed.TotalSeconds:N0} s");
        }
        Console.Error.WriteLine();
    }

    private sealed record Query(string Kind, string Q, string? Jurisdiction = null);

    /// <summary>
    /// Runs the query mix <c>runs</c> times over HTTP (each run: every kind in turn, shuffled), reports p50/p95 per run
    /// and per kind, the median of the runs' p95 beside the goal, the index's size and the plans; writes results.json.
    /// </summary>
    public static async Task<int> Measure(Options options)
    {
        var product = options.Get("product", "http://127.0.0.1:5091");
        var runs = options.Int("runs", 3);
        var perKind = options.Int("queries", 30);
        var goalMs = 50.0;
        using var store = Generator.Store(options.ConnectionString);
        await using var session = store.QuerySession();
        var random = new Random(11);
        var veryRare = SyntheticTexts.VeryRare().ToArray();
        string Pick(string[] words) => words[random.Next(words.Length)];
        var queries = new List<Query>();
        for (var i = 0; i < perKind; i++)
        {
            queries.Add(new("common word (in nearly every text)", Pick(SyntheticTexts.Common)));
            queries.Add(new("general term (in most texts)", Pick(SyntheticTexts.General)));
            queries.Add(new("topic term (~1 text in 25)", Pick(Synthetic.Topics)));
            queries.Add(new("rare term (~1 text in 200)", Pick(SyntheticTexts.Rare)));
            queries.Add(new("very rare term (~1 text in 2,000)", Pick(veryRare)));
            queries.Add(new("no text holds it", "量子纠缠" + Pick(SyntheticTexts.Rare)));
            queries.Add(new("two words: common and rare", Pick(SyntheticTexts.Common) + " " + Pick(SyntheticTexts.Rare)));
            queries.Add(new("two general terms", Pick(SyntheticTexts.General) + " " + Pick(SyntheticTexts.General)));
            queries.Add(new("one character", Pick(["税", "罚", "鸟", "砂", "酒", "羊"])));
            queries.Add(new("topic term in one jurisdiction", Pick(Synthetic.Topics), PolicyRegister.Domain.Jurisdictions.Divisions.Canonical(Synthetic.Places[random.Next(Synthetic.Places.Length)])));
            queries.Add(new("rare term in one jurisdiction", Pick(SyntheticTexts.Rare), PolicyRegister.Domain.Jurisdictions.Divisions.Canonical(Synthetic.Places[random.Next(Synthetic.Places.Length)])));
        }
        using var http = new HttpClient { BaseAddress = new Uri(product), Timeout = TimeSpan.FromMinutes(2) };
        string Url(Query q) => $"/api/documents?in=text&q={Uri.EscapeDataString(q.Q)}&on=2024-06-30" + (q.Jurisdiction is { } j ? $"&jurisdiction={j}" : "");
        // Warm-up, not recorded: one pass over every query (the server's JIT tiers up, the caches fill), the answers' shape checked.
        foreach (var q in queries)
        {
            using var response = await http.GetAsync(Url(q));
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{Url(q)} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        }
        var (perRun, byKind, totals) = await Results.TimeQueries(http, queries, q => q.Kind, Url, runs, random);
        var medianP95 = Results.Median(perRun.Select(r => r.P95));

        var table = TextSearch.TableName((IDocumentStore)store).QualifiedName;
        var (texts, textBytes, tableBytes, indexBytes) = await Sizes(options.ConnectionString, table);
        var plans = new JsonObject();
        foreach (var q in queries.DistinctBy(q => q.Kind))
            plans[q.Kind] = await Explain(session, options.ConnectionString, q);
        var documents = await session.Query<Document>().CountAsync();

        var load1 = perRun.Select(r => r.Load).Order().ElementAt(perRun.Count / 2);
        var events = await session.Events.QueryAllRawEvents().CountAsync();
        var measure = new JsonObject
        {
            ["name"] = "text search p95", ["ours"] = Math.Round(medianP95, 1), ["reference"] = null, ["ratio"] = null,
            ["goal"] = $"p95 ≤ {goalMs} ms over HTTP", ["met"] = medianP95 <= goalMs, ["unit"] = "ms", ["load"] = load1,
            ["runs"] = new JsonArray([.. perRun.Select(r => (JsonNode)new JsonObject { ["p50"] = Math.Round(r.P50, 1), ["p95"] = Math.Round(r.P95, 1), ["load"] = r.Load })]),
            ["measured"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"),
            ["how"] = $"GET /api/documents?in=text&q=…&on=2024-06-30[&jurisdiction=…] over HTTP, one at a time: {queries.Count} queries a run ({perKind} of each of {byKind.Count} kinds, shuffled), " +
                $"{runs} runs after one unrecorded warm-up pass over the same queries; page of 20 newest first with the total counted up to {TextSearch.CountCap}; the median of the runs' p95",
        };
        var detail = new JsonObject
        {
            ["texts"] = texts, ["textMegabytesUtf8"] = Math.Round(textBytes / 1e6, 1),
            ["byKind"] = new JsonObject([.. byKind.Select(k => new KeyValuePair<string, JsonNode?>(k.Key, new JsonObject
            {
                ["p50Ms"] = Math.Round(Results.Percentile(k.Value, 0.5), 1), ["p95Ms"] = Math.Round(Results.Percentile(k.Value, 0.95), 1),
                ["documentsFoundMedian"] = totals[k.Key].Order().ElementAt(totals[k.Key].Count / 2),
            }))]),
            ["storage"] = new JsonObject
            {
                ["textsTableWithToastMegabytes"] = Math.Round(tableBytes / 1e6, 1),
                ["bigramIndexMegabytes"] = Math.Round(indexBytes / 1e6, 1),
                ["indexOverTable"] = Math.Round((double)indexBytes / tableBytes, 2),
            },
            ["plans"] = plans,
        };
        var file = options.Get("out", "benchmarks/results.json");
        await Results.Write(file, new JsonObject { ["documents"] = documents, ["events"] = events, ["texts"] = texts, ["machine"] = $"{Environment.ProcessorCount} cores" },
            measure, "text search", detail);
        Console.WriteLine($"search inside {texts:N0} texts: median p95 {medianP95:N1} ms (goal ≤ {goalMs} ms: {(medianP95 <= goalMs ? "met" : "missed")}); " +
            $"index {indexBytes / 1e6:N0} MB beside {tableBytes / 1e6:N0} MB of texts; written to {file}");
        return 0;
    }

    private static async Task<(long Texts, long TextBytes, long TableBytes, long IndexBytes)> Sizes(string connectionString, string table)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"""
            select count(*), sum(octet_length(data ->> 'text')), pg_table_size('{table}'),
                   pg_relation_size((select indexrelid from pg_index i join pg_class c on c.oid = i.indexrelid where c.relname = 'mt_doc_documenttext_idx_search_keys'))
            from {table}
            """, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of the product's scan of the bigram index for the query's words (its first step, unless every key is in most texts), under the function's own setting.</summary>
    private static async Task<JsonArray> Explain(IQuerySession session, string connectionString, Query q)
    {
        var lines = await Measurements.Plan(connectionString, "explain (analyze, buffers) " + TextSearch.CandidatesSql(TextSearch.TableName(session.DocumentStore).QualifiedName),
            [new NpgsqlParameter { Value = TextSearch.KeysOf(q.Q) }, new NpgsqlParameter { Value = TextSearch.CandidateRows(TextSearch.Gather) }], $"set {TextSearch.CandidatesSetting}");
        return new JsonArray([.. lines.Select(l => (JsonNode)l)]);
    }
}
