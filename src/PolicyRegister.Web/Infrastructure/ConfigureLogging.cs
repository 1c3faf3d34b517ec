using Marten;

namespace PolicyRegister.Web.Infrastructure;

public static class LoggingSetup
{
    public static void ConfigureLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // Structured logs on the console; stderr so that commands such as `import --json` keep stdout clean.
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = false;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Wolverine", LogLevel.Warning);
        builder.Logging.AddFilter("Marten", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
    }

    public static void LogStartup(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PolicyRegister");
            var cs = new Npgsql.NpgsqlConnectionStringBuilder(app.Configuration.GetConnectionString("Marten"));
            var embedded = app.Configuration["PR_EMBEDDED_DATABASE"] == "1";
            log.LogInformation(
                "PolicyRegister serving on {Urls}; database {Database} on {Host}:{Port} ({Embedded}); environment {Environment}",
                string.Join(", ", app.Urls), cs.Database, cs.Host, cs.Port,
                embedded ? "private cluster started by build.sh" : "configured server, nothing started",
                app.Environment.EnvironmentName);
        });
    }
}
