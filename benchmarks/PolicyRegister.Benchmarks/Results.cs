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

    public static double Load() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    public static T Median<T>(IEnumerable<T> values) { var sorted = values.Order().ToList(); return sorted[sorted.Count / 2]; }

    /// <summary>The README's table of every measure: figure, reference, goal and met/missed beside each (<c>table --in results.json</c>).</summary>
    public static async Task<int> Table(Options options)
    {
        var all = JsonNode.Parse(await File.ReadAllTextAsync(options.Get("in", "benchmarks/results.json")))!.AsObject();
        var scale = all["scale"]!.AsObject();
        Console.WriteLine($"Scale: {string.Join(", ", scale.Select(s => $"{s.Key} {s.Value}"))}.");
        Console.WriteLine();
        Console.WriteLine("| Measure | Ours (median of runs) | Reference | Ratio | Goal | Met | Load (1 min) | Measured |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var m in all["measures"]!.AsArray().Select(m => m!.AsObject()))
        {
            string Text(string key) => m[key] is { } v ? v.ToString() : "—";
            Console.WriteLine($"| {Text("name")} | {Text("ours")} {Text("unit")} | {Text("reference")} | {Text("ratio")} | {Text("goal")} | {(m["met"]?.GetValue<bool>() == true ? "met" : "**missed**")} | {Text("load")} | {Text("measured")} |");
        }
        return 0;
    }
}
