using System.Text.Json;
using JasperFx.CommandLine;
using Marten;
using PolicyRegister.Gazettes;
using Spectre.Console;

namespace PolicyRegister.Web.Imports;

public class SampleInput : NetCoreInput
{
    [Description("Who loads the sample (recorded as the author of every event)")]
    public string UserFlag { get; set; } = Environment.UserName;
}

/// <summary>
/// The sample register that ./build.sh run loads on first start: only into an empty register, from the shared
/// gazettes in date order when they are there (PR_GAZETTES or ../shared/gazettes), else from samples/sample-plans.json.
/// </summary>
[Description("Load the sample register into an empty register", Name = "sample")]
public sealed class SampleCommand : JasperFxAsyncCommand<SampleInput>
{
    public override async Task<bool> Execute(SampleInput input)
    {
        using var host = input.BuildHost();
        var (store, connectionString, console) = await ImportCommand.Tools(host);

        await using (var query = store.QuerySession())
        {
            if (await query.Events.QueryAllRawEvents().AnyAsync())
            {
                console.MarkupLine("[grey]The register already holds events: no sample loaded.[/]");
                return true;
            }
        }
        var files = SampleFiles();
        if (files.Count > 0) return await ImportCommand.Run(new(files, DryRun: false, Json: false, input.UserFlag, Jurisdiction: null), store, connectionString, console);
        console.MarkupLine("[grey]No shared gazettes here: loading samples/sample-plans.json.[/]");
        return await CommitSamplePlan(store, connectionString, input.UserFlag, console);
    }

    private static List<string> SampleFiles()
    {
        var dir = Environment.GetEnvironmentVariable("PR_GAZETTES") ?? Path.Combine("..", "shared", "gazettes");
        return Directory.Exists(dir) ? [.. Directory.GetFiles(dir, "*.txt").Order()] : [];
    }

    private static async Task<bool> CommitSamplePlan(IDocumentStore store, string connectionString, string user, IAnsiConsole console)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", "sample-plans.json");
        var plans = JsonSerializer.Deserialize<List<ImportPlan>>(await File.ReadAllTextAsync(path), GazetteImport.Json)!;
        var ok = true;
        foreach (var plan in plans)
        {
            var report = await GazetteImport.Commit(plan, store, connectionString, $"{user} (sample)", "samples/sample-plans.json", null, CancellationToken.None);
            ImportCommand.Report(console, report);
            ok &= report.Committed;
        }
        return ok;
    }

}
