using Marten.Linq.MatchesSql;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Pagination;
using Npgsql;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Decisions;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Publishing;

namespace PolicyRegister.Benchmarks;

/// <summary>Every figure beside its reference, measured in the same run on the same data.</summary>
public static partial class Measurements
{
    private static readonly List<(string Measure, string Product, string Reference, string Note)> Rows = [];

    public static async Task<int> Run(Options options)
    {
        using var store = Generator.Store(options.ConnectionString);
        var product = options.Get("product", "http://127.0.0.1:5091");
        var bare = options.Get("bare", "http://127.0.0.1:5092");
        var seconds = options.Int("seconds", 15);
        var on = new DateOnly(2024, 6, 30);

        await using var session = store.QuerySession();
        var totalDocs = await session.Query<Document>().CountAsync();
        var totalEvents = await session.Events.QueryAllRawEvents().CountAsync();
        Console.Error.WriteLine($"register: {totalDocs:N0} documents, {totalEvents:N0} events");

        if (options.Get("only", "") == "preview")
        {
            await DecisionPreview(store);
            Console.WriteLine(Report(totalDocs, totalEvents));
            return 0;
        }
        await StatusUnderLoad(session, product, bare, seconds, on);
        if (options.Get("only", "") == "status")
        {
            Console.WriteLine(Report(totalDocs, totalEvents));
            return 0;
        }
        await Catalogue(session, on);
        RenderCatalogue(await session.Query<Document>().Take(10_000).ToListAsync(), on);
        await TitleSearch(session, options.ConnectionString, on);
        await OneThousandItemDecision(store, options.ConnectionString);
        await DecisionPreview(store);
        await Rebuild(store, totalEvents);

        var report = Report(totalDocs, totalEvents);
        Console.WriteLine(report);
        if (options.Values.TryGetValue("out", out var file)) await File.WriteAllTextAsync(file, report);
        return 0;
    }

    private static async Task StatusUnderLoad(IQuerySession session, string product, string bare, int seconds, DateOnly on)
    {
        var sample = await session.Query<Document>().Where(d => d.NumberKey != null).OrderBy(d => d.Id).Take(2000)
            .Select(d => new { d.Id, d.Number, d.Jurisdiction }).ToListAsync();
        var iso = on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var asOf = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
        var targets = new (string Name, string BaseUrl, Func<dynamic, string> Path)[]
        {
            ("product: status by id", product, d => $"/api/documents/{d.Id}/status?on={iso}"),
            ("product: status by id, as of now (folds the one stream, as every status read did before the fix)", product, d => $"/api/documents/{d.Id}/status?on={iso}&asOf={asOf}"),
            ("product: status by number (any written form)", product, d => $"/api/documents/status?number={Uri.EscapeDataString(((string)d.Number).Replace('〔', '[').Replace('〕', ']'))}&jurisdiction={Uri.EscapeDataString((string)d.Jurisdiction)}&on={iso}"),
            ("product: search by number (paged list with count)", product, d => $"/api/documents?number={Uri.EscapeDataString((string)d.Number)}&jurisdiction={Uri.EscapeDataString((string)d.Jurisdiction)}&on={iso}"),
            ("bare Npgsql: status by id", bare, d => $"/status/{d.Id}?on={iso}"),
        };
        var results = new Dictionary<string, (double Rps, string P50, string P99, int Errors)>();
        foreach (var (name, baseUrl, path) in targets)
        {
            var paths = Path.GetTempFileName();
            await File.WriteAllLinesAsync(paths, sample.Select(d => path(d)));
            var script = Path.GetTempFileName();
            await File.WriteAllTextAsync(script, $$"""
                local paths = {}
                for line in io.lines("{{paths}}") do paths[#paths + 1] = line end
                local i = 0
                request = function()
                  i = i % #paths + 1
                  return wrk.format("GET", paths[i])
                end
                """);
            await Warm(baseUrl + path(sample[0]));
            await RunWrk(baseUrl, script, 5); // warm-up, not counted: tiered JIT and connection pools settle first
            var output = await RunWrk(baseUrl, script, seconds);
            results[name] = Parse(output);
            Console.Error.WriteLine($"{name}: {results[name].Rps:N0} req/s, p50 {results[name].P50}, p99 {results[name].P99}, errors {results[name].Errors}");
        }
        var reference = results["bare Npgsql: status by id"];
        foreach (var (name, r) in results.Where(r => r.Key.StartsWith("product")))
            Rows.Add(($"Status lookups under load (wrk, 2 threads, 16 connections, 5 s warm-up then {seconds} s): {name[9..]}",
                $"{r.Rps:N0} req/s, p50 {r.P50}, p99 {r.P99}, {r.Errors} errors",
                $"{reference.Rps:N0} req/s, p50 {reference.P50}, p99 {reference.P99}",
                $"{r.Rps / reference.Rps:P0} of the bare endpoint"));
    }

    private static async Task Warm(string url)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 20; i++) (await http.GetAsync(url)).EnsureSuccessStatusCode();
    }

    private static async Task<string> RunWrk(string baseUrl, string script, int seconds)
    {
        var psi = new ProcessStartInfo("wrk", $"-t2 -c16 -d{seconds}s --latency -s {script} {baseUrl}") { RedirectStandardOutput = true };
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    private static (double Rps, string P50, string P99, int Errors) Parse(string wrk)
    {
        var rps = double.Parse(Regex.Match(wrk, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var p50 = Regex.Match(wrk, @"\s50%\s+(\S+)").Groups[1].Value;
        var p99 = Regex.Match(wrk, @"\s99%\s+(\S+)").Groups[1].Value;
        var non2xx = Regex.Match(wrk, @"Non-2xx or 3xx responses:\s+(\d+)");
        var socket = Regex.Match(wrk, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
        var errors = (non2xx.Success ? int.Parse(non2xx.Groups[1].Value) : 0)
            + (socket.Success ? Enumerable.Range(1, 4).Sum(g => int.Parse(socket.Groups[g].Value)) : 0);
        return (rps, p50, p99, errors);
    }

    private static async Task Catalogue(IQuerySession session, DateOnly on)
    {
        var jurisdiction = Synthetic.Places[0];
        var scope = PolicyRegister.Web.Jurisdictions.JurisdictionScope.Of(
            PolicyRegister.Domain.Jurisdictions.Divisions.Resolve(jurisdiction).Division!, PolicyRegister.Web.Jurisdictions.JurisdictionInclude.Self);
        var templates = Templates();
        var times = new List<double>();
        var renders = new List<double>();
        CatalogueView? view = null;
        for (var i = 0; i < 12; i++)
        {
            var watch = Stopwatch.StartNew();
            view = await PublishCatalogueEndpoint.Build(session, scope, null, on, "issuer", PolicyRegister.Web.Site.PublicUrls.Fixed("https://register.example"), default);
            times.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            templates.Render("catalogue.html", view, OutputFormat.Html);
            renders.Add(watch.Elapsed.TotalMilliseconds);
        }
        var inJurisdiction = await session.Query<Document>().CountAsync(d => d.Jurisdiction == scope.Code);
        Rows.Add(($"Catalogue “in force on {on:yyyy-MM-dd}” for {jurisdiction} ({inJurisdiction:N0} documents, {view!.Count:N0} in force): query, median of 10 after 2 warm-up",
            $"{Median(times.Skip(2)):N1} ms", "", "one indexed query over the validity interval columns"));
        Rows.Add(($"… and rendering it as HTML ({view.Count:N0} rows)", $"{Median(renders.Skip(2)):N1} ms", "", ""));
    }

    private static void RenderCatalogue(IReadOnlyList<Document> docs, DateOnly on)
    {
        var templates = Templates();
        var seq = 0;
        var rows = docs.Select(d => new CatalogueRow(++seq, d.Id.ToString(), Printed.Inner(d.Title), d.Number ?? "", string.Join("、", d.Issuers),
            Printed.Date(d.SignedOn), Printed.Effective(d), Printed.Expiry(d), d.Trial)).ToList();
        var view = new CatalogueView("基准目录", "全区", null, "2024-06-30", "2024年6月30日", "issuer", rows.Count,
            rows.GroupBy(r => r.Issuers).Select(g => new CatalogueGroup(g.Key, g.Count(), g.ToList())).ToList(), "now");
        var scriban = new List<double>();
        var builder = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var watch = Stopwatch.StartNew();
            var a = templates.Render("catalogue.html", view, OutputFormat.Html);
            scriban.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var b = Handwritten(view);
            builder.Add(watch.Elapsed.TotalMilliseconds);
            if (i == 0) Console.Error.WriteLine($"catalogue HTML: {a.Length:N0} chars (template), {b.Length:N0} chars (StringBuilder)");
        }
        Rows.Add(($"Rendering a catalogue of {rows.Count:N0} documents as HTML: Scriban template (model conversion, escaping, render), median of 5 after 2 warm-up",
            $"{Median(scriban.Skip(2)):N0} ms", $"{Median(builder.Skip(2)):N0} ms (StringBuilder, HtmlEncode)", $"{Median(scriban.Skip(2)) / Median(builder.Skip(2)):N1}× the hand-written builder"));
    }

    /// <summary>The same table as catalogue.html, written by hand: the reference for the template's cost.</summary>
    private static string Handwritten(CatalogueView view)
    {
        var sb = new StringBuilder(4 * 1024 * 1024);
        sb.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>").Append(Enc(view.Heading)).Append("</title></head><body><main><h1>")
            .Append(Enc(view.Heading)).Append("</h1>");
        foreach (var g in view.Groups)
        {
            sb.Append("<h3>").Append(Enc(g.Name)).Append("（").Append(g.Count).Append("件）</h3><table><thead><tr><th>序号</th><th>文件名称</th><th>文号</th><th>印发日期</th><th>施行日期</th><th>有效期至</th></tr></thead><tbody>");
            foreach (var r in g.Rows)
                sb.Append("<tr><td class=\"seq\">").Append(r.Seq).Append("</td><td>《").Append(Enc(r.Title)).Append("》</td><td class=\"no\">").Append(Enc(r.Number))
                    .Append("</td><td class=\"date\">").Append(Enc(r.SignedOn)).Append("</td><td class=\"date\">").Append(Enc(r.EffectiveOn))
                    .Append("</td><td class=\"date\">").Append(Enc(r.Expiry)).Append("</td></tr>");
            sb.Append("</tbody></table>");
        }
        return sb.Append("</main></body></html>").ToString();
        static string Enc(string s) => System.Net.WebUtility.HtmlEncode(s);
    }

    private static async Task TitleSearch(IQuerySession session, string connectionString, DateOnly on)
    {
        var random = new Random(3);
        var titles = await session.Query<Document>().OrderBy(d => d.Id).Take(5000).Select(d => d.Title).ToListAsync();
        var words = Enumerable.Range(0, 200).Select(_ =>
        {
            var t = titles[random.Next(titles.Count)];
            var start = random.Next(3, Math.Max(4, t.Length - 8));
            return t.Substring(start, 4);
        }).ToList();
        var times = new List<double>();
        foreach (var word in words)
        {
            var watch = Stopwatch.StartNew();
            await PolicyRegister.Web.Documents.TitleSearch.Find(session, session.Query<Document>(), word, 0, 20, null, default);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var plan = await Explain(session, connectionString, words[0]);
        Console.Error.WriteLine(plan);
        Rows.Add(($"Title search by a 4-character Chinese substring over {await session.Query<Document>().CountAsync():N0} titles (200 queries, page of 20 with total count)",
            $"p50 {times[times.Count / 2]:N1} ms, p95 {times[(int)(times.Count * 0.95)]:N1} ms", "",
            plan.Contains("Bitmap Index Scan") ? "trigram GIN index used (EXPLAIN: Bitmap Index Scan on the search_text index)" : "EXPLAIN shows no index use: " + plan.Split('\n')[0]));
    }

    private static async Task<string> Explain(IQuerySession session, string connectionString, string word)
    {
        // The product's own search query, ordered and paged as the API does.
        var command = session.Query<Document>().Where(d => d.MatchesSql("d.title_keys @> ?", (object)PolicyRegister.Domain.Texts.SearchKeys.OfWord(word)))
            .OrderBySql("d.signed_on desc nulls last, d.id").Take(20).ToCommand();
        return string.Join("\n", await Plan(connectionString, "explain " + command.CommandText, command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())));
    }

    /// <summary>The lines of an EXPLAIN (the statement given whole, with its parameters).</summary>
    public static async Task<List<string>> Plan(string connectionString, string explainSql, IEnumerable<NpgsqlParameter> parameters)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var explain = new NpgsqlCommand(explainSql, conn);
        foreach (var p in parameters) explain.Parameters.Add(p);
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }

    /// <summary>
    /// The preview of a 1,000-row decision, half of its rows without a number (matched by title, a quarter of them by
    /// the inner title of a 关于印发《…》的通知), against the register: load and plan, median of three runs.
    /// </summary>
    private static async Task DecisionPreview(IDocumentStore store)
    {
        var jurisdiction = Synthetic.Places[2];
        var code = PolicyRegister.Domain.Jurisdictions.Divisions.Canonical(jurisdiction);
        await using var session = store.QuerySession();
        var inJurisdiction = await session.Query<Document>().CountAsync(d => d.Jurisdiction == code);
        var targets = await session.Query<Document>().Where(d => d.Jurisdiction == code && d.NumberKey != null).OrderBy(d => d.Id).Take(1000)
            .Select(d => new { d.Number, d.Title }).ToListAsync();
        var items = targets.Select((t, i) => i % 2 == 0
            ? new DecisionItemInput(DecisionAction.Retain, i + 1, $"《{t.Title}》", t.Number)
            : new DecisionItemInput(DecisionAction.Retain, i + 1, i % 4 == 1 ? Inner(t.Title) : t.Title, null)).ToList();
        var cmd = new ApplyDecision
        {
            Number = $"宁政规发〔2025〕{Random.Shared.Next(100_000, 999_999)}号", Title = "基准清理决定（预览）", Issuers = [$"{jurisdiction}人民政府"], Jurisdiction = jurisdiction,
            SignedOn = new DateOnly(2025, 1, 1), Items = items, Reason = "benchmark",
        };
        var times = new List<double>();
        DecisionPlan? plan = null;
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            var context = await DecisionInputs.Load(session, cmd, default);
            var loaded = watch.Elapsed.TotalMilliseconds;
            plan = DecisionInputs.Plan(cmd, context);
            times.Add(watch.Elapsed.TotalMilliseconds);
            Console.Error.WriteLine($"preview run {run + 1}: load {loaded:N0} ms ({context.Candidates.Count:N0} candidates, {context.Documents.Count:N0} documents whole), plan {watch.Elapsed.TotalMilliseconds - loaded:N0} ms");
        }
        times.Sort();
        var byTitle = plan!.Items.Count(i => i.Match is ItemMatch.Title);
        var matches = string.Join(", ", plan.Items.GroupBy(i => i.Report.Match).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
        Rows.Add(($"Decision preview, {items.Count:N0} rows ({items.Count(i => i.Number is null):N0} without a number) against {inJurisdiction:N0} documents of the jurisdiction: load and plan, median of 3",
            $"{times[1]:N0} ms", "", $"goal < 2 s: {(times[1] < 2000 ? "met" : "missed")}; rows: {matches} (the synthetic titles repeat across years, so most rows without a number are ambiguous)"));
        Console.Error.WriteLine($"decision preview: {string.Join(", ", times.Select(t => $"{t:N0} ms"))}; {matches}");

        static string Inner(string title) => title.IndexOf('《') is var open and >= 0 && title.LastIndexOf('》') is var close && close > open
            ? title[(open + 1)..close] : title;
    }

    private static async Task OneThousandItemDecision(IDocumentStore store, string connectionString)
    {
        var jurisdiction = Synthetic.Places[1];
        var code = PolicyRegister.Domain.Jurisdictions.Divisions.Canonical(jurisdiction);
        await using var session = store.LightweightSession();
        var targets = await session.Query<Document>().Where(d => d.Jurisdiction == code && d.EndedOn == null).OrderBy(d => d.Id).Take(1000)
            .Select(d => new { d.Number, d.Title }).ToListAsync();
        var cmd = new ApplyDecision
        {
            Number = $"宁政规发〔2025〕{Random.Shared.Next(1000, 99999)}号", Title = "基准清理决定（1000项）", Issuers = [$"{jurisdiction}人民政府"], Jurisdiction = jurisdiction,
            SignedOn = new DateOnly(2025, 1, 1), Effective = new EffectiveInput(new DateOnly(2025, 1, 1), null),
            Items = targets.Select((t, i) => new DecisionItemInput(i % 10 == 0 ? DecisionAction.Repeal : DecisionAction.Retain, i + 1, $"《{t.Title}》", t.Number)).ToList(),
            Reason = "benchmark",
        };
        session.LastModifiedBy = "benchmark";
        session.SetHeader("reason", "benchmark");
        var watch = Stopwatch.StartNew();
        var context = await DecisionInputs.Load(session, cmd, default);
        var plan = DecisionInputs.Plan(cmd, context);
        var planned = watch.Elapsed.TotalMilliseconds;
        var (_, appends) = ApplyDecisionEndpoint.Decide(cmd, plan, context, Guid.CreateVersion7, Guid.CreateVersion7());
        StreamAppend.AppendAll(session, appends);
        await session.SaveChangesAsync();
        var total = watch.Elapsed.TotalMilliseconds;

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using (var create = new NpgsqlCommand("create temp table bench_rows (id uuid primary key, seq int, number text, title text, action text)", conn)) await create.ExecuteNonQueryAsync();
        watch.Restart();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var batch = new NpgsqlBatch(conn, tx);
            foreach (var (item, i) in cmd.Items!.Select((x, i) => (x, i)))
            {
                var b = new NpgsqlBatchCommand("insert into bench_rows values ($1, $2, $3, $4, $5)");
                b.Parameters.AddWithValue(Guid.CreateVersion7());
                b.Parameters.AddWithValue(i);
                b.Parameters.AddWithValue(item.Number!);
                b.Parameters.AddWithValue(item.Title!);
                b.Parameters.AddWithValue(item.Action!.ToString()!);
                batch.BatchCommands.Add(b);
            }
            await batch.ExecuteNonQueryAsync();
            await tx.CommitAsync();
        }
        var plain = watch.Elapsed.TotalMilliseconds;
        Rows.Add(($"A 1,000-item cleanup decision (900 retained, 100 repealed) applied in one transaction to the {jurisdiction} register (planning against {context.Candidates.Count:N0} documents: {planned:N0} ms)",
            $"{total:N0} ms", $"{plain:N0} ms (1,000 plain Npgsql inserts in one batch)", $"{appends.Sum(a => a.Events.Count):N0} events over {appends.Count:N0} streams, each with its own version check and inline projection"));
    }

    private static async Task Rebuild(IDocumentStore store, long totalEvents)
    {
        using var daemon = await store.BuildProjectionDaemonAsync();
        var watch = Stopwatch.StartNew();
        await daemon.RebuildProjectionAsync<Document>(TimeSpan.FromMinutes(20), default);
        var documents = watch.Elapsed.TotalSeconds;
        watch.Restart();
        await daemon.RebuildProjectionAsync<Decision>(TimeSpan.FromMinutes(20), default);
        var decisions = watch.Elapsed.TotalSeconds;
        Rows.Add(($"Rebuilding every projection from the {totalEvents:N0} events (documents {documents:N0} s, decisions {decisions:N0} s)",
            $"{totalEvents / (documents + decisions):N0} events/s", "", "Marten's projection daemon, one shard per projection"));
    }

    private static TemplateStore Templates() => new(new TemplateOptions { Folder = Path.Combine(AppContext.BaseDirectory, "templates") });

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Report(int docs, long events)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Run on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; register of {docs:N0} documents and {events:N0} events.");
        sb.AppendLine();
        sb.AppendLine("| Measure | Product | Reference, same run | Note |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var (measure, product, reference, note) in Rows) sb.AppendLine($"| {measure} | {product} | {reference} | {note} |");
        return sb.ToString();
    }
}
