using Marten;

namespace PolicyRegister.Web.Infrastructure;

public static class LoggingSetup
{
    /// <summary>
    /// Logs go to stderr (stdout stays for data), one human-readable line per entry; a deployment that ships logs
    /// to a collector sets `Logging:Format` = json. A command (import, publish …) logs only warnings and errors:
    /// its own output says what it did.
    /// </summary>
    public static void ConfigureLogging(this WebApplicationBuilder builder, bool isCommand)
    {
        builder.Logging.ClearProviders();
        var format = builder.Configuration["Logging:Format"] ?? "simple";
        if (format == "json")
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = false;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
            });
        else
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = false;
                o.TimestampFormat = "HH:mm:ss ";
            });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (isCommand) builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Wolverine", LogLevel.Warning);
        builder.Logging.AddFilter("Marten", LogLevel.Warning);
        // The register's endpoints are HTTP endpoints, not message handlers: "no handlers found" is expected.
        builder.Logging.AddFilter("Wolverine.Configuration.HandlerDiscovery", LogLevel.Error);
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
