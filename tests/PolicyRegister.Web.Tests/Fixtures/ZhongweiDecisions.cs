using System.Text.Json.Nodes;

namespace PolicyRegister.Web.Tests.Fixtures;

/// <summary>The 卫政规发〔2022〕1号 and 卫政规发〔2023〕2号 decisions as API bodies, moved into a test's own jurisdiction.</summary>
public static class ZhongweiDecisions
{
    public static JsonObject Load(string number, string jurisdiction)
    {
        var all = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "zhongwei-decisions.json")))!;
        var decision = all["decisions"]!.AsArray().Single(d => d!["number"]!.GetValue<string>() == number)!.DeepClone().AsObject();
        decision["jurisdiction"] = jurisdiction;
        decision["reason"] = $"依据{number}登记清理结果";
        return decision;
    }

    public static IEnumerable<(string Number, string Title)> Items(JsonObject decision) =>
        decision["items"]!.AsArray().Select(i => (i!["number"]!.GetValue<string>(), i["title"]!.GetValue<string>()));
}
