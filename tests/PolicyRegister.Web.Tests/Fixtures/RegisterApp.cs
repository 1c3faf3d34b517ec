using System.Net.Http.Headers;
using JasperFx.CommandLine;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace PolicyRegister.Web.Tests.Fixtures;

/// <summary>
/// The real host on a real PostgreSQL: a fresh database per test run on the server that
/// ./build.sh test started (or the one ConnectionStrings__Marten names), dropped afterwards.
/// </summary>
public class RegisterApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string ClerkKey = "clerk-secret-0123456789abcdef";
    public const string ReviewerKey = "reviewer-secret-0123456789abcdef";
    public const string ClerkName = "clerk-wang";
    public const string ReviewerName = "reviewer-li";
    /// <summary>Workspace accounts (cookie sign-in): user name and password.</summary>
    public static readonly (string User, string Password) StaffClerk = ("clerk-zhao", "clerk-password-123");
    public static readonly (string User, string Password) StaffReviewer = ("reviewer-qian", "reviewer-password-123");
    public static readonly (string User, string Password) StaffAdmin = ("admin-sun", "admin-password-123");
    /// <summary>The account the parallel sign-in attack aims at.</summary>
    public static readonly (string User, string Password) StaffTarget = ("target-zhou", "target-password-123");
    /// <summary>The account whose sessions the sign-out test ends.</summary>
    public static readonly (string User, string Password) StaffSessions = ("clerk-wu", "clerk-wu-password-123");

    private readonly string _serverConnection;
    public string DatabaseName { get; }
    public string ConnectionString { get; }

    /// <summary>A second host on the database of another (a restart after a crash): it neither creates nor drops it.</summary>
    private readonly bool _ownsDatabase;

    public RegisterApp() : this(null) { }

    protected RegisterApp(string? existingDatabase)
    {
        DatabaseName = existingDatabase ?? $"pr_test_{Guid.NewGuid():N}"[..24];
        _ownsDatabase = existingDatabase is null;
        _serverConnection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
            ?? throw new InvalidOperationException("Integration tests need PostgreSQL: run them through ./build.sh test, or set ConnectionStrings__Marten.");
        ConnectionString = new NpgsqlConnectionStringBuilder(_serverConnection) { Database = DatabaseName }.ConnectionString;
        // The host ends in RunJasperFxCommands; under a test server it must start the host instead of parsing args.
        JasperFxEnvironment.AutoStartHost = true;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Marten", ConnectionString);
        builder.UseSetting("Auth:ApiKeys:0", $"{ClerkName}:clerk:{ClerkKey}");
        builder.UseSetting("Auth:ApiKeys:1", $"{ReviewerName}:reviewer:{ReviewerKey}");
        builder.UseSetting("Auth:Staff:0", $"{StaffClerk.User}:clerk:{StaffClerk.Password}");
        builder.UseSetting("Auth:Staff:1", $"{StaffReviewer.User}:reviewer:{StaffReviewer.Password}");
        builder.UseSetting("Auth:Staff:2", $"{StaffAdmin.User}:admin:{StaffAdmin.Password}");
        builder.UseSetting("Auth:Staff:3", $"{StaffTarget.User}:clerk:{StaffTarget.Password}");
        builder.UseSetting("Auth:Staff:4", $"{StaffSessions.User}:clerk:{StaffSessions.Password}");
        // The suite is one client sending thousands of requests; the limits themselves are tested with their own host.
        builder.UseSetting("Register:RateLimits:SignInPerMinute", SignInsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Register:RateLimits:WritesPerMinute", "1000000");
        builder.UseSetting("Register:DataProtectionKey", "dGVzdHMtZGF0YS1wcm90ZWN0aW9uLWtleS0zMmJ5dGU=");
        builder.UseSetting("Register:RateLimits:SearchesPerMinute", "1000000");
        // Subscribers in tests listen on 127.0.0.1, and retries come within seconds, not hours.
        builder.UseSetting("Subscriptions:AllowLoopback", "true");
        builder.UseSetting("Subscriptions:RetryDelays", "0.2,0.3,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5");
        builder.UseSetting("Subscriptions:SweepSeconds", "2");
    }

    /// <summary>Sign-ins a client may send a minute in this host.</summary>
    protected virtual int SignInsPerMinute => 1_000_000;

    public HttpClient Anonymous() => CreateClient();

    public HttpClient Clerk() => WithKey(ClerkKey);

    public HttpClient Reviewer() => WithKey(ReviewerKey);

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public async Task<NpgsqlConnection> OpenDatabase()
    {
        var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public async Task InitializeAsync()
    {
        if (_ownsDatabase)
        {
            await using var conn = new NpgsqlConnection(_serverConnection);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"create database \"{DatabaseName}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        Start();
    }

    /// <summary>Starts the host now, so that schema creation is not charged to the first test.</summary>
    protected virtual void Start() => _ = Server;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsDatabase) return;
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(_serverConnection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"drop database if exists \"{DatabaseName}\" with (force)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class RegisterCollection : ICollectionFixture<RegisterApp>
{
    public const string Name = "register";
}
