using JasperFx;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Imports;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Oversight;
using PolicyRegister.Web.Oversight.Subscriptions;
using PolicyRegister.Web.Publishing;
using PolicyRegister.Web.Site;
using Wolverine.Http;

CommandOutput.Prepare(args);
try
{
    var builder = WebApplication.CreateBuilder(args);

    builder.ConfigureLogging(isCommand: CommandOutput.IsCommand(args));
    builder.ConfigureRegisterStore(databaseOptional: CommandOutput.NeedsNoDatabase(args));
    builder.ConfigureRegisterMessaging();
    builder.ConfigureRegisterAuth(isCommand: CommandOutput.IsCommand(args));
    builder.ConfigureRegisterHttp();
    builder.ConfigureRegisterPublishing();
    builder.ConfigureRegisterSite();
    builder.ConfigureRegisterOversight();
    builder.ConfigureRegisterSubscriptions();

    var app = builder.Build();

    app.UseRegisterHttp();
    app.UseAuthentication();
    app.UseAuthorization();
    app.MapRegisterHealth();
    app.MapRegisterSite();
    app.MapWolverineEndpoints(opts => opts.ConfigureRegisterEndpoints());
    app.LogStartup();

    var exit = await app.RunJasperFxCommands(CommandOutput.WithRebuildTimeout(args));
    if (exit == 0 && CommandOutput.IsRebuild(args)) await ConfigureStore.VacuumReadModels(builder.Configuration.GetConnectionString("Marten")!, Console.Error);
    return exit;
}
catch (ConfigurationProblem problem)
{
    // A configuration mistake is one clear line, not a stack trace.
    Console.Error.WriteLine($"PolicyRegister: {problem.Message}");
    return 2;
}

/// <summary>Exposed for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
