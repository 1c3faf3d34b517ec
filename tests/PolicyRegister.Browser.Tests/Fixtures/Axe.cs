using System.Text.Json;
using Microsoft.Playwright;

namespace PolicyRegister.Browser.Tests.Fixtures;

/// <summary>
/// axe-core (installed from npm into eng/npm by build.sh test) run inside a page: the WCAG 2.x A/AA rules and axe's
/// best practices. A missing axe-core is a failure, not a skip: the check must not pass by not running.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PolicyRegister.sln"))) dir = dir.Parent;
        var path = dir is null ? null : Path.Combine(dir.FullName, "eng", "npm", "node_modules", "axe-core", "axe.min.js");
        return path is not null && File.Exists(path) ? File.ReadAllText(path)
            : throw new InvalidOperationException("axe-core is missing: run ./build.sh test (it runs npm ci in eng/npm) or `npm ci` in eng/npm.");
    });

    public sealed record Violation(string Id, string Impact, string Help, IReadOnlyList<string> Targets)
    {
        public override string ToString() => $"{Id} ({Impact}): {Help} at {string.Join(", ", Targets.Take(3))}";
    }

    public static async Task<IReadOnlyList<Violation>> Check(IPage page)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'")) await page.AddScriptTagAsync(new() { Content = Script.Value });
        var json = await page.EvaluateAsync<string>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map(n => n.target.join(' ')) })));
            }
            """);
        return JsonSerializer.Deserialize<List<Violation>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}
