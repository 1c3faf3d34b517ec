using System.Diagnostics;
using System.Text.Json;
using JasperFx.CommandLine;
using Marten;
using PolicyRegister.Gazettes;
using Spectre.Console;

namespace PolicyRegister.Web.Imports;

public class ImportInput : NetCoreInput
{
    [Description("Gazette text files (UTF-8 or GB18030); several are imported in order of publication")]
    public List<string> Files { get; set; } = [];

    [Description("Plan only: print the plan, store nothing")]
    public bool DryRunFlag { get; set; }

    [Description("With --dry-run: print only the plan's JSON on stdout")]
    public bool JsonFlag { get; set; }

    [Description("Who imports (recorded as the author of every event)")]
    public string UserFlag { get; set; } = Environment.UserName;

    [Description("The jurisdiction (a division's name or GB/T 2260 code) when the masthead does not settle it")]
    public string? JurisdictionFlag { get; set; }
}

[Description("Import gazettes into the register, or plan them with --dry-run", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public override async Task<bool> Execute(ImportInput input)
    {
        // A dry run needs no database: plan and print without building the host.
        var run = new ImportRun(input.Files, input.DryRunFlag, input.JsonFlag, input.UserFlag, input.JurisdictionFlag);
        if (input.DryRunFlag) return await Run(run, null!, "", CommandOutput.Notes());
        using var host = input.BuildHost();
        var (store, connectionString, console) = await Tools(host);

        return await Run(run, store, connectionString, console);
    }

    /// <summary>
    /// What the import commands use from the host, after the schema is applied; the console writes to stderr so
    /// stdout stays for data.
    /// </summary>
    public static async Task<(IDocumentStore Store, string ConnectionString, IAnsiConsole Console)> Tools(IHost host)
    {
        await Infrastructure.RegisterSchema.ApplyAsync(host.Services);
        return (host.Services.GetRequiredService<IDocumentStore>(),
            host.Services.GetRequiredService<IConfiguration>().GetConnectionString("Marten")!,
            CommandOutput.Notes());
    }

    public sealed record ImportRun(IReadOnlyList<string> Files, bool DryRun, bool Json, string User, string? Jurisdiction);

    public static async Task<bool> Run(ImportRun run, IDocumentStore store, string connectionString, IAnsiConsole console)
    {
        var (files, dryRun, json, user) = (run.Files, run.DryRun, run.Json, run.User);
        if (files.Count == 0)
        {
            console.MarkupLine("[red]Name at least one gazette file.[/]");
            return false;
        }
        string? chosen = null;
        if (!string.IsNullOrWhiteSpace(run.Jurisdiction))
        {
            var resolution = Domain.Jurisdictions.Divisions.Resolve(run.Jurisdiction);
            if (resolution.Division is null)
            {
                console.MarkupLineInterpolated($"[red]--jurisdiction: {resolution.Message}[/]");
                return false;
            }
            chosen = resolution.Division.Code;
        }
        var plans = new List<(string File, ImportPlan Plan)>();
        foreach (var file in files)
        {
            try
            {
                var watch = Stopwatch.StartNew();
                var plan = GazetteParser.Parse(await File.ReadAllBytesAsync(file));
                if (chosen is not null) plan = plan.WithJurisdiction(chosen);
                console.MarkupLineInterpolated($"[grey]{file}: {plan.Documents.Count} documents, {plan.Decisions.Count} decisions, {plan.Warnings.Count} warnings, planned in {watch.ElapsedMilliseconds} ms[/]");
                plans.Add((file, plan));
            }
            catch (Exception ex) when (ex is GazetteFormatException or IOException or UnauthorizedAccessException)
            {
                console.MarkupLineInterpolated($"[red]{file}: {ex.Message}[/]");
                return false;
            }
        }
        plans = [.. plans.OrderBy(p => p.Plan.Gazette.PublishedOn ?? DateOnly.MaxValue)];

        if (dryRun)
        {
            var output = plans.Count == 1 ? (object)plans[0].Plan : plans.Select(p => p.Plan).ToList();
            if (json) CommandOutput.Data.WriteLine(JsonSerializer.Serialize(output, GazetteImport.Json));
            else foreach (var (file, plan) in plans) Describe(console, file, plan);
            return true;
        }

        var ok = true;
        foreach (var (file, plan) in plans)
        {
            var report = await CommitWithProgress(console, file, plan, user, store, connectionString);
            Report(console, report);
            ok &= report.Committed;
        }
        return ok;
    }

    /// <summary>A progress bar at a terminal; one plain line per step when the output goes to a file or a pipe.</summary>
    private static async Task<ImportReport> CommitWithProgress(
        IAnsiConsole console, string file, ImportPlan plan, string user, IDocumentStore store, string connectionString)
    {
        var name = Path.GetFileName(file);
        var steps = plan.Documents.Count + plan.Decisions.Count;
        if (Console.IsErrorRedirected)
        {
            var done = 0;
            var plain = new CommandOutput.Steps(step => Console.Error.WriteLine($"{name}: {++done}/{steps} {step}"));
            return await GazetteImport.Commit(plan, store, connectionString, $"{user} (import)", name, plain, CancellationToken.None);
        }
        return await console.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask(name, maxValue: Math.Max(1, steps));
            var progress = new CommandOutput.Steps(_ => task.Increment(1));
            return await GazetteImport.Commit(plan, store, connectionString, $"{user} (import)", name, progress, CancellationToken.None);
        });
    }

    private static void Describe(IAnsiConsole console, string file, ImportPlan plan)
    {
        var g = plan.Gazette;
        console.MarkupLineInterpolated($"[bold]{g.Name} {g.IssueLabel}[/], published {g.PublishedOn?.ToString("yyyy-MM-dd")}, jurisdiction {(g.Jurisdiction is null ? $"not resolved (the masthead says {g.JurisdictionWritten ?? "nothing"})" : $"{Domain.Jurisdictions.Divisions.NameOf(g.Jurisdiction)} ({g.Jurisdiction})")} ({file})");
        var table = new Table().AddColumns("line", "number", "title", "signed", "normative", "effective", "expires");
        foreach (var d in plan.Documents)
            table.AddRow(d.Line.ToString(), d.Number, Markup.Escape(d.Title), d.SignedOn?.ToString("yyyy-MM-dd") ?? "?", d.Normative ? "yes" : "",
                d.Effective?.On?.ToString("yyyy-MM-dd") ?? d.Effective?.Rule?.ToString() ?? "", Markup.Escape(d.Expires?.On?.ToString("yyyy-MM-dd") ?? d.Expires?.Text ?? ""));
        console.Write(table);
        foreach (var decision in plan.Decisions)
            console.MarkupLineInterpolated($"decision {decision.Number}: {decision.Items.Count} items ({string.Join(", ", decision.Items.GroupBy(i => i.Action).Select(x => $"{x.Key} {x.Count()}"))})");
        foreach (var w in plan.Warnings) console.MarkupLineInterpolated($"[yellow]line {w.Line}: {w.Message}[/]");
        foreach (var b in plan.Blocking) console.MarkupLineInterpolated($"[red]must be settled before commit (line {b.Line}): {b.Message}[/]");
    }

    public static void Report(IAnsiConsole console, ImportReport r)
    {
        var colour = r.Committed ? "green" : "red";
        var outcomes = r.DecisionOutcomes.Count == 0 ? ""
            : $" ({string.Join(", ", r.DecisionOutcomes.Where(o => o.Value > 0).Select(o => $"{o.Key.Replace('_', ' ')} {o.Value}"))})";
        console.MarkupLineInterpolated(
            $"[{colour}]{r.Source}: {(r.Committed ? "committed" : "NOT committed, nothing stored")}[/] — documents registered {r.Registered}, completed {r.Completed}, unchanged {r.Unchanged}; decisions applied {r.DecisionsApplied}{outcomes}, unchanged {r.DecisionsUnchanged}; repealed by 同时废止 {r.Repeals}");
        foreach (var x in r.Refused) console.MarkupLineInterpolated($"[red]  {x.Number} (line {x.Line}): {x.Status} {x.Detail}[/]");
    }
}
