using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyRegister.Benchmarks;

/// <summary>
/// benchmarks/results.json, the one file every benchmark writes its figures into: the register's scale, one measure per
/// name (replaced when measured again) with its goal and whether it was met, and the details behind each. The README's
/// table is generated from it (<c>table</c>).
/// </summary>
public static class Results
{
    public static async Task Write(string file, JsonObject scale, JsonObject measure, string detailName, JsonObject detail)
    {
        var all = File.Exists(file) ? JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject() : new JsonObject();
        var known = all["scale"] as JsonObject ?? [];
        foreach (var (key, value) in scale) known[key] = value?.DeepClone();
        all["scale"] = known.DeepClone();
        var measures = all["measures"] as JsonArray ?? [];
        var name = measure["name"]!.GetValue<string>();
        foreach (var old in measures.Where(m => m?["name"]?.GetValue<string>() == name).ToList()) measures.Remove(old);
        measures.Add(measure);
        all["measures"] = measures.DeepClone();
        var details = all["details"] as JsonObject ?? [];
        details[detailName] = detail;
        all["details"] = details.DeepClone();
        await File.WriteAllTextAsync(file, all.ToJsonString(Indented) + "\n");
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Runs the queries <paramref name="runs"/> times over HTTP, one at a time and shuffled each run: every run's p50,
    /// p95 and load, every kind's times, and the totals the first run answered.
    /// </summary>
    public static async Task<(List<(double P50, double P95, double Load)> PerRun, Dictionary<string, List<double>> ByKind, Dictionary<string, List<long>> Totals)>
        TimeQueries<T>(HttpClient http, IReadOnlyList<T> queries, Func<T, string> kind, Func<T, string> url, int runs, Random random)
    {
        var perRun = new List<(double P50, double P95, double Load)>();
        var byKind = queries.Select(kind).Distinct().ToDictionary(k => k, _ => new List<double>());
        var totals = queries.Select(kind).Distinct().ToDictionary(k => k, _ => new List<long>());
        for (var run = 1; run <= runs; run++)
        {
            var times = new List<double>();
            foreach (var q in queries.OrderBy(_ => random.Next()).ToList())
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                using var response = await http.GetAsync(url(q));
                var body = await response.Content.ReadAsStringAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{url(q)} answered {(int)response.StatusCode}");
                times.Add(watch.Elapsed.TotalMilliseconds);
                byKind[kind(q)].Add(watch.Elapsed.TotalMilliseconds);
                if (run == 1) totals[kind(q)].Add(JsonNode.Parse(body)!["total"]!.GetValue<long>());
            }
            perRun.Add((Percentile(times, 0.5), Percentile(times, 0.95), Load()));
            Console.Error.WriteLine($"run {run}: {times.Count} queries, p50 {perRun[^1].P50:N1} ms, p95 {perRun[^1].P95:N1} ms; load {perRun[^1].Load}");
        }
        return (perRun, byKind, totals);
    }

    public static double Load() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>This process's largest resident memory so far (VmHWM), in MB.</summary>
    public static double PeakResidentMegabytes() => Math.Round(double.Parse(
        System.Text.RegularExpressions.Regex.Match(File.ReadAllText("/proc/self/status"), @"VmHWM:\s+(\d+) kB").Groups[1].Value,
        System.Globalization.CultureInfo.InvariantCulture) / 1024);

    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    public static T Median<T>(IEnumerable<T> values) { var sorted = values.Order().ToList(); return sorted[sorted.Count / 2]; }

    /// <summary>
    /// The README's table of every measure: figure, reference, goal and met/missed beside each (<c>table --in FILE</c>);
    /// with <c>--smaller FILE</c> (the same benchmarks on a smaller register) a column of its figures beside them.
    /// </summary>
    public static async Task<int> Table(Options options)
    {
        var all = JsonNode.Parse(await File.ReadAllTextAsync(options.Get("in", "benchmarks/results.json")))!.AsObject();
        var smaller = options.Values.TryGetValue("smaller", out var other) && File.Exists(other) ? JsonNode.Parse(await File.ReadAllTextAsync(other))!.AsObject() : null;
        string Scale(JsonObject o) => string.Join(", ", o["scale"]!.AsObject().Select(s => $"{s.Key} {s.Value}"));
        Console.WriteLine($"Register: {Scale(all)}." + (smaller is null ? "" : $" Smaller register: {Scale(smaller)}."));
        Console.WriteLine();
        Console.WriteLine("| Measure | Ours (median) | Reference (median) | Ratio | Goal | Met | Load (1 min) | Measured |" + (smaller is null ? "" : " Ours on the smaller register |"));
        Console.WriteLine("|---|---|---|---|---|---|---|---|" + (smaller is null ? "" : "---|"));
        foreach (var m in all["measures"]!.AsArray().Select(m => m!.AsObject()))
        {
            string Text(JsonObject o, string key) => o[key] is { } v ? v.ToString() : "—";
            var small = smaller?["measures"]?.AsArray().Select(x => x!.AsObject()).FirstOrDefault(x => Text(x, "name") == Text(m, "name"));
            Console.WriteLine($"| {Text(m, "name")} | {Text(m, "ours")} {Text(m, "unit")} | {Text(m, "reference")} | {Text(m, "ratio")} | {Text(m, "goal")} | " +
                $"{(m["met"]?.GetValue<bool>() == true ? "met" : "**missed**")} | {Text(m, "load")} | {Text(m, "measured")} |" +
                (smaller is null ? "" : small is null ? " — |" : $" {Text(small, "ours")} {Text(small, "unit")} ({(small["met"]?.GetValue<bool>() == true ? "met" : "missed")}) |"));
        }
        return 0;
    }

    /// <summary>
    /// A measure taken outside this program (the failover script's seconds): <c>record --name N --values a,b,c --unit U
    /// --goal TEXT --at-most X --how TEXT [--out FILE]</c>; the median of the values beside the goal.
    /// </summary>
    public static async Task<int> Record(Options options)
    {
        var values = options.Get("values", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (values.Count == 0) { Console.Error.WriteLine("record: no --values"); return 2; }
        var median = Median(values);
        var atMost = double.Parse(options.Get("at-most", "0"), System.Globalization.CultureInfo.InvariantCulture);
        var measure = new JsonObject
        {
            ["name"] = options.Get("name", "unnamed"), ["ours"] = median, ["reference"] = null, ["ratio"] = null, ["goal"] = options.Get("goal", ""),
            ["met"] = median <= atMost, ["unit"] = options.Get("unit", ""), ["load"] = Load(), ["how"] = options.Get("how", ""),
            ["runs"] = new JsonArray([.. values.Select(v => (JsonNode)v)]), ["measured"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'"),
        };
        await Write(options.Get("out", "benchmarks/results.json"), new JsonObject(), measure, measure["name"]!.GetValue<string>(), new JsonObject());
        Console.WriteLine($"{measure["name"]}: median {median} {measure["unit"]} of {values.Count} runs; goal {measure["goal"]}: {(median <= atMost ? "met" : "missed")}");
        return 0;
    }
}
