using Marten.Linq.MatchesSql;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
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

/// <summary>
/// Every figure beside its reference and goal, into benchmarks/results.json (<see cref="Results"/>): each the median of
/// several runs, the product and its reference interleaved (ours, reference, ours, …) on the same data and machine.
/// </summary>
public static partial class Measurements
{
    public static async Task<int> Run(Options options)
    {
        using var store = Generator.Store(options.ConnectionString);
        var product = options.Get("product", "http://127.0.0.1:5091");
        var bare = options.Get("bare", "http://127.0.0.1:5092");
        var seconds = options.Int("seconds", 15);
        var runs = options.Int("runs", 3);
        var file = options.Get("out", "benchmarks/results.json");
        var only = options.Get("only", "");
        var on = new DateOnly(2024, 6, 30);

        await using var session = store.QuerySession();
        var totalDocs = await session.Query<Document>().CountAsync();
        var totalEvents = await session.Events.QueryAllRawEvents().CountAsync();
        Console.Error.WriteLine($"register: {totalDocs:N0} documents, {totalEvents:N0} events");
        var scale = new JsonObject { ["documents"] = totalDocs, ["events"] = totalEvents, ["machine"] = $"{Environment.ProcessorCount} cores" };
        async Task Save(JsonObject measure, JsonObject detail)
        {
            measure["measured"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'");
            await Results.Write(file, scale, measure, measure["name"]!.GetValue<string>(), detail);
            Console.Error.WriteLine($"{measure["name"]}: {measure["ours"]} {measure["unit"]} (reference {measure["reference"]}, ratio {measure["ratio"]}), goal {measure["goal"]}: {(measure["met"]!.GetValue<bool>() ? "met" : "missed")}");
        }

        if (only is "" or "status")
            foreach (var (measure, detail) in await StatusUnderLoad(session, product, bare, seconds, runs, on, options.Int("product-pid", 0))) await Save(measure, detail);
        if (only is "" or "catalogue") await Save(RenderCatalogue(await session.Query<Document>().Take(10_000).ToListAsync(), on, runs), new JsonObject());
        // The apply's runs vary by a quarter on this machine, and so does its reference: fifteen by default.
        if (only is "" or "decision") await Save(await OneThousandItemDecision(store, options.ConnectionString, options.Int("apply-runs", Math.Max(runs, 15)), options.Int("apply-warmups", DecisionWarmUps)), new JsonObject());
        if (only is "" or "preview")
        {
            // Against a place of the twenty, which holds a twentieth of the register, and against the place of the same
            // size in every register: what the jurisdiction's size adds, and what the register's alone adds.
            await Save(await DecisionPreview(store, runs, Synthetic.Places[2], "decision preview 100 untitled"), new JsonObject());
            await Save(await DecisionPreview(store, runs, Synthetic.FixedPlace, $"decision preview 100 untitled, {Synthetic.FixedPlaceDocuments} documents"), new JsonObject());
        }
        if (only is "" or "rebuild") await Save(await Rebuild(store, options.ConnectionString, totalEvents, options.Int("rebuild-runs", runs)), new JsonObject());
        return 0;
    }

    private static JsonObject Measure(string name, double ours, double? reference, double? ratio, string goal, bool met, string unit, string how, IEnumerable<JsonObject> runs) => new()
    {
        ["name"] = name, ["ours"] = Math.Round(ours, 2), ["reference"] = reference is { } r ? Math.Round(r, 2) : null, ["ratio"] = ratio is { } x ? Math.Round(x, 3) : null,
        ["goal"] = goal, ["met"] = met, ["unit"] = unit, ["load"] = Results.Load(), ["how"] = how, ["runs"] = new JsonArray([.. runs]),
    };

    /// <summary>
    /// wrk against the product (status by id, status by number) and a bare ASP.NET Core endpoint with one hand-written
    /// Npgsql query, interleaved: each round runs every target once. The product's resident memory is read after each of its runs.
    /// </summary>
    private static async Task<List<(JsonObject, JsonObject)>> StatusUnderLoad(IQuerySession session, string product, string bare, int seconds, int runs, DateOnly on, int productPid)
    {
        var sample = await session.Query<Document>().Where(d => d.NumberKey != null).OrderBy(d => d.Id).Take(2000)
            .Select(d => new { d.Id, d.Number, d.Jurisdiction }).ToListAsync();
        var iso = on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var targets = new (string Name, string BaseUrl, Func<dynamic, string> Path)[]
        {
            ("status by id", product, d => $"/api/documents/{d.Id}/status?on={iso}"),
            ("bare", bare, d => $"/status/{d.Id}?on={iso}"),
            ("status by number", product, d => $"/api/documents/status?number={Uri.EscapeDataString(((string)d.Number).Replace('〔', '[').Replace('〕', ']'))}&jurisdiction={Uri.EscapeDataString((string)d.Jurisdiction)}&on={iso}"),
        };
        var scripts = new Dictionary<string, string>();
        foreach (var (name, baseUrl, path) in targets)
        {
            var paths = Path.GetTempFileName();
            await File.WriteAllLinesAsync(paths, sample.Select(d => path(d)));
            var script = scripts[name] = Path.GetTempFileName();
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
        }
        var results = targets.ToDictionary(t => t.Name, _ => new List<(double Rps, string P50, string P99, int Errors, double Load)>());
        var rss = new List<double>();
        for (var round = 1; round <= runs; round++)
            foreach (var (name, baseUrl, _) in targets)
            {
                var r = Parse(await RunWrk(baseUrl, scripts[name], seconds));
                results[name].Add((r.Rps, r.P50, r.P99, r.Errors, Results.Load()));
                if (baseUrl == product && productPid > 0) rss.Add(ResidentMegabytes(productPid));
                Console.Error.WriteLine($"round {round}, {name}: {r.Rps:N0} req/s, p50 {r.P50}, p99 {r.P99}, {r.Errors} errors");
            }
        var bareRps = Results.Median(results["bare"].Select(r => r.Rps));
        JsonObject Run((double Rps, string P50, string P99, int Errors, double Load) r) => new() { ["rps"] = Math.Round(r.Rps), ["p50"] = r.P50, ["p99"] = r.P99, ["errors"] = r.Errors, ["load"] = r.Load };
        var how = $"wrk -t2 -c16, {seconds} s a run after a 5 s warm-up, cycling over 2,000 documents; {runs} rounds, each running the product by id, the bare endpoint and the product by number in turn; medians";
        var measures = new List<(JsonObject, JsonObject)>();
        foreach (var name in new[] { "status by id", "status by number" })
        {
            var ours = Results.Median(results[name].Select(r => r.Rps));
            var errors = results[name].Sum(r => r.Errors);
            measures.Add((Measure(name, ours, bareRps, ours / bareRps, "≥ 0.5× the bare endpoint's req/s, no errors", ours / bareRps >= 0.5 && errors == 0, "req/s", how,
                results[name].Select(Run)), new JsonObject { ["bare"] = new JsonArray([.. results["bare"].Select(r => (JsonNode)Run(r))]) }));
        }
        if (rss.Count > 0)
            measures.Add((Measure("memory under load", rss.Max(), null, null, "resident memory < 300 MB", rss.Max() < 300, "MB",
                "the product's VmRSS after each of its wrk runs above; the largest", rss.Select(m => new JsonObject { ["rssMb"] = Math.Round(m) })), new JsonObject()));
        return measures;
    }

    private static double ResidentMegabytes(int pid) =>
        double.Parse(Regex.Match(File.ReadAllText($"/proc/{pid}/status"), @"VmRSS:\s+(\d+) kB").Groups[1].Value, CultureInfo.InvariantCulture) / 1024;

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

    /// <summary>The shipped catalogue template beside the same table written with a StringBuilder, over 10,000 documents; each run the median of five of each, interleaved.</summary>
    private static JsonObject RenderCatalogue(IReadOnlyList<Document> docs, DateOnly on, int runs)
    {
        var templates = Templates();
        var seq = 0;
        var rows = docs.Select(d => new CatalogueRow(++seq, d.Id.ToString(), Printed.Inner(d.Title), d.Number ?? "", string.Join("、", d.Issuers),
            Printed.Date(d.SignedOn), Printed.Effective(d), Printed.Expiry(d), d.Trial)).ToList();
        var view = new CatalogueView("基准目录", "全区", null, "2024-06-30", "2024年6月30日", "issuer", rows.Count,
            rows.GroupBy(r => r.Issuers).Select(g => new CatalogueGroup(g.Key, g.Count(), g.ToList())).ToList(), "now");
        // Warm-up: ten of each, so that both run as a long-running server runs them (JIT tiering done), not as first calls.
        for (var i = 0; i < 10; i++) { templates.Render("catalogue.html", view, OutputFormat.Html); Handwritten(view); }
        var perRun = new List<(double Scriban, double Builder)>();
        for (var run = 0; run < runs; run++)
        {
            var scriban = new List<double>();
            var builder = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                // Each side starts from a collected heap, so that neither pays for the other's garbage: without this the
                // StringBuilder's medians ranged 7.9–38.3 ms within one measurement for the same work.
                Collected();
                var watch = Stopwatch.StartNew();
                templates.Render("catalogue.html", view, OutputFormat.Html);
                scriban.Add(watch.Elapsed.TotalMilliseconds);
                Collected();
                watch.Restart();
                Handwritten(view);
                builder.Add(watch.Elapsed.TotalMilliseconds);
            }
            perRun.Add((Results.Median(scriban), Results.Median(builder)));
        }
        var ratio = Results.Median(perRun.Select(r => r.Scriban / r.Builder));
        static void Collected() { GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect(); }
        return Measure("catalogue 10k html", Results.Median(perRun.Select(r => r.Scriban)), Results.Median(perRun.Select(r => r.Builder)), ratio,
            "≤ 3× a StringBuilder", ratio <= 3, "ms", $"{rows.Count:N0} rows rendered by the shipped catalogue.html (model, escaping, render) and by a hand-written StringBuilder with HtmlEncode, in process, after ten unrecorded renders of each; {runs} runs of five each, interleaved, each render timed from a collected heap; medians",
            perRun.Select(r => new JsonObject { ["scribanMs"] = Math.Round(r.Scriban, 1), ["builderMs"] = Math.Round(r.Builder, 1) }));
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

    /// <summary>The lines of an EXPLAIN (the statement given whole, with its parameters).</summary>
    public static async Task<List<string>> Plan(string connectionString, string explainSql, IEnumerable<NpgsqlParameter> parameters, string? setting = null)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        if (setting is not null) await using (var set = new NpgsqlCommand(setting, conn)) await set.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand(explainSql, conn);
        foreach (var p in parameters) explain.Parameters.Add(p);
        var lines = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }

    /// <summary>
    /// The preview of a decision of 100 rows without a number (half a whole 关于印发《…》的通知 title, half the inner title
    /// alone) against the register, as POST /api/decisions/preview loads and plans it: the median of the runs.
    /// </summary>
    private static async Task<JsonObject> DecisionPreview(IDocumentStore store, int runs, string jurisdiction, string name)
    {
        var code = PolicyRegister.Domain.Jurisdictions.Divisions.Canonical(jurisdiction);
        await using var session = store.QuerySession();
        var inJurisdiction = await session.Query<Document>().CountAsync(d => d.Jurisdiction == code);
        var targets = await session.Query<Document>().Where(d => d.Jurisdiction == code && d.NumberKey != null).OrderBy(d => d.Id).Take(100)
            .Select(d => new { d.Number, d.Title }).ToListAsync();
        var items = targets.Select((t, i) => new DecisionItemInput(DecisionAction.Retain, i + 1, i % 2 == 0 ? t.Title : Inner(t.Title), null)).ToList();
        var cmd = new ApplyDecision
        {
            Number = $"宁政规发〔2025〕{Random.Shared.Next(100_000, 999_999)}号", Title = "基准清理决定（预览）", Issuers = [$"{jurisdiction}人民政府"], Jurisdiction = jurisdiction,
            SignedOn = new DateOnly(2025, 1, 1), Items = items, Reason = "benchmark",
        };
        // Warm-ups, so that the runs measure the code as a long-running server has it compiled (see DecisionWarmUps).
        var settled = await Compiled.WarmUp(DecisionWarmUps, async () =>
        {
            // As a run: a first preview that builds the title index, then a second that keeps it.
            JurisdictionTitles.Forget();
            for (var i = 0; i < 2; i++) DecisionInputs.Plan(cmd, await DecisionInputs.Load(session, cmd, default));
        });
        var perRun = new List<JsonObject>();
        var times = new List<double>();
        var firsts = new List<double>();
        DecisionPlan? plan = null;
        DecisionInputs.Context? last = null;
        for (var run = 0; run < runs; run++)
        {
            // The first preview after the jurisdiction changed builds its title index; the next ones reuse it.
            var jit = Compiled.Now();
            JurisdictionTitles.Forget();
            var first = Stopwatch.StartNew();
            DecisionInputs.Plan(cmd, await DecisionInputs.Load(session, cmd, default));
            firsts.Add(first.Elapsed.TotalMilliseconds);
            var watch = Stopwatch.StartNew();
            var context = await DecisionInputs.Load(session, cmd, default);
            var loaded = watch.Elapsed.TotalMilliseconds;
            plan = DecisionInputs.Plan(cmd, context);
            times.Add(watch.Elapsed.TotalMilliseconds);
            last = context;
            perRun.Add(new JsonObject { ["ms"] = Math.Round(times[^1]), ["firstMs"] = Math.Round(firsts[^1]), ["jit"] = Compiled.Since(jit), ["loadAndMatchMs"] = Math.Round(loaded), ["candidates"] = context.Candidates.Count, ["documentsWhole"] = context.Documents.Count, ["load"] = Results.Load() });
        }
        var matches = string.Join(", ", plan!.Items.GroupBy(i => i.Report.Match).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
        // What an exact preview weighs, untimed: every title of the jurisdiction within the candidate threshold of a row
        // (it lists the best five a row). Where titles share their words, it grows with the jurisdiction.
        var titles = new TitleIndex(last!.Candidates);
        var within = DecisionInputs.Items(cmd).Select(i => titles.Scores(TitleKey.Of(i.Title), TitleMatching.CandidateThreshold).Count(x => x.Score >= TitleMatching.CandidateThreshold)).ToList();
        var median = Results.Median(times);
        var firstMedian = Results.Median(firsts);
        return Measure(name, median, null, null, "< 500 ms", median < 500 && firstMedian < 500, "ms",
            $"100 rows without a number (50 whole titles, 50 inner titles) against {jurisdiction} ({inJurisdiction:N0} documents), loaded and planned in process as the preview endpoint does; {runs} runs after {settled}, each a first preview (the jurisdiction's title index built: median {firstMedian:0} ms) then a second (the index kept: the figure); medians; rows: {matches}; titles within {TitleMatching.CandidateThreshold} of a row: {within.Sum():N0} in all, {Results.Median(within.Select(w => (double)w)):0} a row (median), of {last.Candidates.Count:N0} candidates read", perRun);

        static string Inner(string title) => title.IndexOf('《') is var open and >= 0 && title.LastIndexOf('》') is var close && close > open
            ? title[(open + 1)..close] : title;
    }

    /// <summary>
    /// The fewest warm-ups before a decision's timed runs: tiered compilation recompiles a method after some thirty calls,
    /// and with profile-guided optimisation twice, so the methods a run calls once need about sixty runs before them.
    /// </summary>
    private const int DecisionWarmUps = 60;

    /// <summary>
    /// A 1,000-row cleanup decision (900 retained, 100 repealed; each run another thousand documents) through the
    /// product's apply path in one transaction, beside 1,000 plain Npgsql inserts of the same rows in one batch; interleaved.
    /// </summary>
    private static async Task<JsonObject> OneThousandItemDecision(IDocumentStore store, string connectionString, int runs, int warmUps)
    {
        // The jurisdiction with the most documents still in force: a thousand of them, where the register has them.
        async Task<(string Place, string Code, int InForce)> Busiest()
        {
            await using var query = store.QuerySession();
            var best = ("", "", -1);
            foreach (var place in Synthetic.Places)
            {
                var placeCode = PolicyRegister.Domain.Jurisdictions.Divisions.Canonical(place);
                var count = await query.Query<Document>().CountAsync(d => d.Jurisdiction == placeCode && d.EndedOn == null);
                if (count > best.Item3) best = (place, placeCode, count);
            }
            return best;
        }
        var (jurisdiction, code, inForce) = await Busiest();
        // A small register has fewer: a decision is then as long as the jurisdiction allows, and `how` says how long.
        if (inForce < 1000)
            Console.Error.WriteLine($"decision apply 1000: {jurisdiction} has {inForce:N0} documents in force, so the decisions are shorter than 1,000 rows");
        var perRun = new List<(double Ours, double Plain, int Events, int Streams, double Load, double LoadMs, double PlanMs, double SaveMs, double GcPauseMs, int Gcs, JsonObject Jit)>();
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using (var create = new NpgsqlCommand("create temp table bench_rows (id uuid primary key, seq int, number text, title text, action text)", conn)) await create.ExecuteNonQueryAsync();

        // Every apply, warm-up or recorded, runs in a transaction rolled back afterwards, on both sides, and is timed up to
        // the commit, not through it (an apply's commit took 2–7 ms in PostgreSQL's log, one WAL flush; 60 ms twice in
        // 15). Committed, each recorded run retained the same busiest documents once more: over many measurements their
        // snapshots grew (the register's mean from 2.6 to 3.1 KB of JSON, the largest from 5 to 8 KB), a register no office
        // keeps. Rolled back, every run applies the same decision to the same register.
        async Task<(ApplyRun Ours, double Plain)> Both()
        {
            await using var oursConn = new NpgsqlConnection(PolicyRegister.Web.Infrastructure.ConfigureStore.WithConnectionSettings(connectionString));
            await oursConn.OpenAsync();
            await using var tx = await oursConn.BeginTransactionAsync();
            ApplyRun ours;
            await using (var session = store.OpenSession(Marten.Services.SessionOptions.ForTransaction(tx).WithTracking(DocumentTracking.IdentityOnly)))
                ours = await Ours(session);
            await tx.RollbackAsync();
            return (ours, await Plain(ours.Items));
        }

        // Warm-ups until one compiles next to nothing (see Compiled): the recorded runs then measure code compiled as a
        // long-running server's is. The rows they wrote and rolled back are then vacuumed away, as a server's autovacuum
        // does between decisions; left, they had autovacuum start in the middle of the recorded runs.
        var settled = await Compiled.WarmUp(warmUps, Both);
        var tables = string.Join(", ", new[] { "mt_events", "mt_streams", "mt_doc_document", "mt_doc_decision" }.Select(t => $"{PolicyRegister.Web.Infrastructure.ConfigureStore.Schema}.{t}"));
        await using (var vacuum = new NpgsqlCommand($"vacuum (analyze) {tables}", conn) { CommandTimeout = 0 }) await vacuum.ExecuteNonQueryAsync();
        var chosen = new List<(string Code, int InForce, int Rows)>();
        for (var run = 0; run < runs; run++)
        {
            var jit = Compiled.Now();
            var (ours, plain) = await Both();
            perRun.Add((ours.Ms, plain, ours.Events, ours.Streams, Results.Load(), ours.LoadMs, ours.PlanMs, ours.SaveMs, ours.GcPauseMs, ours.Gcs, Compiled.Since(jit)));
            chosen.Add((code, inForce, ours.Items.Count));
        }
        async Task<ApplyRun> Ours(
            IDocumentSession session)
        {
            // The first thousand still in force: a retained document may be retained again, a repealed one drops out.
            var targets = await session.Query<Document>().Where(d => d.Jurisdiction == code && d.EndedOn == null).OrderBy(d => d.Id).Take(1000)
                .Select(d => new { d.Number, d.Title }).ToListAsync();
            var cmd = new ApplyDecision
            {
                Number = $"宁政规发〔2025〕{Random.Shared.Next(100_000, 999_999)}号", Title = "基准清理决定（1000项）", Issuers = [$"{jurisdiction}人民政府"], Jurisdiction = jurisdiction,
                SignedOn = new DateOnly(2025, 1, 1), Effective = new EffectiveInput(new DateOnly(2025, 1, 1), null),
                Items = targets.Select((t, i) => new DecisionItemInput(i % 10 == 0 ? DecisionAction.Repeal : DecisionAction.Retain, i + 1, $"《{t.Title}》", t.Number)).ToList(),
                Reason = "benchmark",
            };
            session.LastModifiedBy = "benchmark";
            session.SetHeader("reason", "benchmark");
            var (pausedBefore, gcsBefore) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0));
            var watch = Stopwatch.StartNew();
            var context = await DecisionInputs.Load(session, cmd, default);
            var loaded = watch.Elapsed.TotalMilliseconds;
            var plan = DecisionInputs.Plan(cmd, context);
            var (_, appends) = ApplyDecisionEndpoint.Decide(cmd, plan, context, Guid.CreateVersion7, Guid.CreateVersion7());
            StreamAppend.AppendAll(session, appends);
            var planned = watch.Elapsed.TotalMilliseconds;
            await session.SaveChangesAsync();
            var ms = watch.Elapsed.TotalMilliseconds;
            return new ApplyRun(ms, loaded, planned - loaded, ms - planned, appends.Sum(a => a.Events.Count), appends.Count, cmd.Items!,
                (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds, GC.CollectionCount(0) - gcsBefore);
        }

        // The same rows inserted plainly, in one batch and one transaction, timed to the commit as ours is, and rolled back.
        async Task<double> Plain(IReadOnlyList<DecisionItemInput> items)
        {
            var watch = Stopwatch.StartNew();
            await using var tx = await conn.BeginTransactionAsync();
            var batch = new NpgsqlBatch(conn, tx);
            foreach (var (item, i) in items.Select((x, i) => (x, i)))
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
            var ms = watch.Elapsed.TotalMilliseconds;
            await tx.RollbackAsync();
            return ms;
        }
        var ratio = Results.Median(perRun.Select(r => r.Ours / r.Plain));
        return Measure("decision apply 1000", Results.Median(perRun.Select(r => r.Ours)), Results.Median(perRun.Select(r => r.Plain)), ratio, "≤ 20× plain inserts", ratio <= 20, "ms",
            $"load, plan, decide and append in one transaction ({perRun[0].Events:N0} events over {perRun[0].Streams:N0} streams, each with its version check and inline projections) beside plain Npgsql inserts of the same rows in one batch; {runs} runs interleaved after {settled} of both, each timed up to its commit and rolled back (the same decision on the same register every run), on the first thousand documents still in force of the jurisdiction with the most ({string.Join(", ", chosen.GroupBy(c => c.Code).Select(g => $"{g.Key} ×{g.Count()}"))}; rows a decision: {chosen.Min(c => c.Rows):N0}–{chosen.Max(c => c.Rows):N0}); medians",
            perRun.Select((r, i) => new JsonObject
            {
                ["oursMs"] = Math.Round(r.Ours), ["plainMs"] = Math.Round(r.Plain, 1), ["load"] = r.Load,
                ["jurisdiction"] = chosen[i].Code, ["inForce"] = chosen[i].InForce, ["rows"] = chosen[i].Rows,
                ["phasesMs"] = new JsonObject { ["load"] = Math.Round(r.LoadMs), ["planAndDecide"] = Math.Round(r.PlanMs), ["save"] = Math.Round(r.SaveMs) },
                // The process's collections during the apply and the time its threads stood paused for them.
                ["gc"] = new JsonObject { ["collections"] = r.Gcs, ["pausedMs"] = Math.Round(r.GcPauseMs, 1) },
                // Methods the JIT compiled during the run (both sides): after the warm-ups, few.
                ["jit"] = r.Jit,
            }));
    }

    /// <summary>Rebuilding the document, title and decision projections by Marten's daemon, beside a raw sequential read of every event's row; interleaved.</summary>
    private static async Task<JsonObject> Rebuild(IDocumentStore store, string connectionString, long totalEvents, int runs)
    {
        var perRun = new List<(double Ours, double Raw, double Load, JsonObject Seconds)>();
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            await using (var conn = new NpgsqlConnection(connectionString))
            {
                await conn.OpenAsync();
                await using var read = new NpgsqlCommand("select seq_id, id, stream_id, version, data, type, timestamp, headers from register.mt_events order by seq_id", conn);
                await using var reader = await read.ExecuteReaderAsync();
                long rows = 0, bytes = 0;
                while (await reader.ReadAsync()) { rows++; bytes += reader.GetString(4).Length; }
            }
            var raw = totalEvents / watch.Elapsed.TotalSeconds;
            using var daemon = await store.BuildProjectionDaemonAsync();
            watch.Restart();
            // All at once, as the register's own `projections rebuild` command rebuilds them (JasperFx rebuilds a
            // database's projections concurrently unless --max-concurrent says otherwise); each records when it finished.
            var phases = new JsonObject();
            await Task.WhenAll(new (string Name, Func<Task> Rebuild)[]
            {
                ("document", () => daemon.RebuildProjectionAsync<Document>(TimeSpan.FromMinutes(30), default)),
                ("titleEntry", () => daemon.RebuildProjectionAsync<PolicyRegister.Web.Documents.TitleEntry>(TimeSpan.FromMinutes(30), default)),
                ("decision", () => daemon.RebuildProjectionAsync<Decision>(TimeSpan.FromMinutes(30), default)),
            }.Select(async p =>
            {
                await Task.Run(p.Rebuild);
                lock (phases) phases[p.Name] = Math.Round(watch.Elapsed.TotalSeconds, 1);
            }));
            var ours = totalEvents / watch.Elapsed.TotalSeconds;
            phases["peakResidentMB"] = Results.PeakResidentMegabytes();
            perRun.Add((ours, raw, Results.Load(), phases));
            Console.Error.WriteLine($"rebuild run {run + 1}: {ours:N0} events/s against a raw read of {raw:N0} events/s; seconds per projection {phases.ToJsonString()}");
        }
        // A rebuild rewrites every document and title entry: vacuum as the register's `projections rebuild` does after it,
        // before the searches that follow (a title search's walk reads the titles from the signing-date index alone, which
        // needs the pages marked all-visible). Not timed.
        await PolicyRegister.Web.Infrastructure.ConfigureStore.VacuumReadModels(connectionString, Console.Error);
        var ratio = Results.Median(perRun.Select(r => r.Ours / r.Raw));
        return Measure("rebuild", Results.Median(perRun.Select(r => r.Ours)), Results.Median(perRun.Select(r => r.Raw)), ratio, "≥ 0.2× a raw read of the events", ratio >= 0.2, "events/s",
            $"Marten's daemon rebuilding the document, title and decision projections from all {totalEvents:N0} events (the documents' projection reads every document event but the texts, which it does not fold), concurrently as `projections rebuild` does, documents written once per window of {PolicyRegister.Web.Infrastructure.ConfigureStore.RebuildWindow:N0}, beside one sequential read of every event row (data deserialised nowhere); {runs} runs interleaved; medians; secondsPerProjection gives when each finished, and the measuring process's peak resident memory so far",
            perRun.Select(r => new JsonObject { ["oursEventsPerSecond"] = Math.Round(r.Ours), ["rawEventsPerSecond"] = Math.Round(r.Raw), ["load"] = r.Load, ["secondsPerProjection"] = r.Seconds }));
    }

    /// <summary>One timed apply: its whole time and phases, what it appended, its rows, and the collections during it.</summary>
    private sealed record ApplyRun(double Ms, double LoadMs, double PlanMs, double SaveMs, int Events, int Streams, IReadOnlyList<DecisionItemInput> Items, double GcPauseMs, int Gcs);

    private static TemplateStore Templates() => new(new TemplateOptions { Folder = Path.Combine(AppContext.BaseDirectory, "templates") });
}
