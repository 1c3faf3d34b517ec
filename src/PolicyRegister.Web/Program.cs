using JasperFx;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Imports;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Publishing;
using PolicyRegister.Web.Site;
using Wolverine.Http;

CommandOutput.KeepStdoutForData(args);
var builder = WebApplication.CreateBuilder(args);

builder.ConfigureLogging();
builder.ConfigureRegisterStore(databaseOptional: args.Contains("--dry-run"));
builder.ConfigureRegisterMessaging();
builder.ConfigureRegisterAuth();
builder.ConfigureRegisterHttp();
builder.ConfigureRegisterPublishing();
builder.ConfigureRegisterSite();

var app = builder.Build();

app.UseRegisterHttp();
app.UseAuthentication();
app.UseAuthorization();
app.MapRegisterHealth();
app.MapRegisterSite();
app.MapWolverineEndpoints(opts => opts.ConfigureRegisterEndpoints());
app.LogStartup();

return await app.RunJasperFxCommands(args);

/// <summary>Exposed for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
