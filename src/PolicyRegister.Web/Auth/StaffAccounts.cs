using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace PolicyRegister.Web.Auth;

/// <summary>A staff member who signs in to the workspace. The password is kept only as an Identity hash.</summary>
public sealed class StaffAccount
{
    public string Id { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = Roles.Clerk;
    public string PasswordHash { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public bool Disabled { get; set; }

    /// <summary>
    /// Changes whenever every session of the account must end (sign-out, password or role change, disabling): each
    /// request's cookie carries the stamp it was issued with and is refused once it differs.
    /// </summary>
    public string SecurityStamp { get; set; } = Guid.NewGuid().ToString("N");
}

public enum SignInOutcome { SignedIn, WrongCredentials, LockedOut }

/// <summary>
/// Password checks with lock-out. Attempts are counted per account and client address in one atomic statement
/// BEFORE the password is checked: five attempts from one client, then that client is locked out of that account for
/// fifteen minutes, however many it sends at once (parallel guesses never see a stale count). An outsider cannot keep
/// the owner out from the owner's own address. Across all clients an account takes 100 failures in the window.
/// Unknown and known accounts take the same work (a dummy hash is checked) and get the same answers.
/// </summary>
public static class StaffSignIn
{
    public const int MaxFailures = 5;
    public const int MaxFailuresAllClients = 100;
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);
    private static readonly PasswordHasher<StaffAccount> Hasher = new();
    private static readonly StaffAccount Nobody = new() { Id = "nobody" };
    private static readonly string DummyHash = Hasher.HashPassword(Nobody, Guid.NewGuid().ToString());

    public static string Hash(StaffAccount account, string password) => Hasher.HashPassword(account, password);

    public static async Task<(SignInOutcome Outcome, StaffAccount? Account)> Check(
        IDocumentSession session, string userName, string password, string client, DateTimeOffset now, CancellationToken token)
    {
        var id = userName.Trim().ToLowerInvariant();
        if (id.Length is 0 or > 100) id = "(invalid)";
        var store = session.DocumentStore;
        if (await SignInThrottle.Reserve(store, $"{id}|{client}", MaxFailures, now, token) is { } lockedForClient
            || await SignInThrottle.Reserve(store, $"{id}|*", MaxFailuresAllClients, now, token) is { } lockedForAll)
            return (SignInOutcome.LockedOut, null);

        var account = await session.LoadAsync<StaffAccount>(id, token);
        var usable = account is { Disabled: false };
        var verified = Hasher.VerifyHashedPassword(usable ? account! : Nobody, usable ? account!.PasswordHash : DummyHash, password)
            != PasswordVerificationResult.Failed && usable;
        if (!verified) return (SignInOutcome.WrongCredentials, null);
        await SignInThrottle.Clear(store, [$"{id}|{client}", $"{id}|*"], token);
        return (SignInOutcome.SignedIn, account);
    }

    public const string StampClaim = "stamp";
    public const string IssuedClaim = "issued";

    public static ClaimsPrincipal Principal(StaffAccount account, DateTimeOffset issued) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, account.Id), new Claim(ClaimTypes.Role, account.Role), new Claim("display", account.DisplayName),
            new Claim(StampClaim, account.SecurityStamp), new Claim(IssuedClaim, issued.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ],
        ConfigureAuth.CookieScheme));

    /// <summary>Ends every session of the account: its cookies carry the old stamp.</summary>
    public static void EndSessions(StaffAccount account) => account.SecurityStamp = Guid.NewGuid().ToString("N");
}

/// <summary>Failed sign-ins by (account, client), counted in PostgreSQL with one atomic statement.</summary>
public static class SignInThrottle
{
    public const string Table = "pr_sign_in_throttle";

    public static Weasel.Postgresql.Tables.Table Definition()
    {
        var table = new Weasel.Postgresql.Tables.Table($"{Infrastructure.ConfigureStore.Schema}.{Table}");
        table.AddColumn<string>("key").AsPrimaryKey();
        table.AddColumn<int>("failures").NotNull();
        table.AddColumn("locked_until", "timestamp with time zone");
        return table;
    }

    /// <summary>Counts one more attempt; the lock's end when the key is (now) locked, else null and the password may be checked.</summary>
    public static async Task<DateTimeOffset?> Reserve(IDocumentStore store, string key, int max, DateTimeOffset now, CancellationToken token)
    {
        await using var conn = (Npgsql.NpgsqlConnection)store.Storage.Database.CreateConnection();
        await conn.OpenAsync(token);
        await using var cmd = new Npgsql.NpgsqlCommand($"""
            insert into {Infrastructure.ConfigureStore.Schema}.{Table} as t (key, failures, locked_until) values (@key, 1, null)
            on conflict (key) do update set
              failures = case when t.locked_until > @now then t.failures when t.locked_until is not null then 1 else t.failures + 1 end,
              locked_until = case when t.locked_until > @now then t.locked_until
                                  when t.locked_until is null and t.failures + 1 > @max then @until else null end
            returning locked_until
            """, conn);
        cmd.Parameters.AddWithValue("key", key[..Math.Min(key.Length, 300)]);
        cmd.Parameters.AddWithValue("now", now.ToUniversalTime());
        cmd.Parameters.AddWithValue("max", max);
        cmd.Parameters.AddWithValue("until", (now + StaffSignIn.LockOut).ToUniversalTime());
        var locked = await cmd.ExecuteScalarAsync(token);
        return locked is DateTime until && new DateTimeOffset(until, TimeSpan.Zero) > now ? new DateTimeOffset(until, TimeSpan.Zero) : null;
    }

    /// <summary>The accounts locked out now, from any client or from all: what the account page shows.</summary>
    public static async Task<IReadOnlySet<string>> LockedAccounts(IDocumentStore store, DateTimeOffset now, CancellationToken token)
    {
        await using var conn = (Npgsql.NpgsqlConnection)store.Storage.Database.CreateConnection();
        await conn.OpenAsync(token);
        await using var cmd = new Npgsql.NpgsqlCommand(
            $"select distinct split_part(key, '|', 1) from {Infrastructure.ConfigureStore.Schema}.{Table} where locked_until > @now", conn);
        cmd.Parameters.AddWithValue("now", now.ToUniversalTime());
        var locked = new HashSet<string>();
        await using var reader = await cmd.ExecuteReaderAsync(token);
        while (await reader.ReadAsync(token)) locked.Add(reader.GetString(0));
        return locked;
    }

    public static async Task Clear(IDocumentStore store, string[] keys, CancellationToken token)
    {
        await using var conn = (Npgsql.NpgsqlConnection)store.Storage.Database.CreateConnection();
        await conn.OpenAsync(token);
        await using var cmd = new Npgsql.NpgsqlCommand(
            $"update {Infrastructure.ConfigureStore.Schema}.{Table} set failures = 0, locked_until = null where key = any(@keys) and (locked_until is null or locked_until <= now())", conn);
        cmd.Parameters.AddWithValue("keys", keys);
        await cmd.ExecuteNonQueryAsync(token);
    }
}

/// <summary>
/// Accounts named in configuration, Auth:Staff:N = "name:role:password", are created at start when missing
/// (an existing account keeps its password): how the first admin of a new register gets in.
/// </summary>
public sealed class StaffSeeder(IConfiguration config, IDocumentStore store, ILogger<StaffSeeder> log) : IHostedService
{
    public async Task StartAsync(CancellationToken token)
    {
        var entries = config.GetSection("Auth:Staff").GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (entries.Count == 0) return;
        await using var session = store.LightweightSession();
        foreach (var entry in entries)
        {
            var parts = entry.Split(':', 3);
            if (parts.Length != 3 || parts[2].Length < 8 || parts[1] is not (Roles.Clerk or Roles.Reviewer or Roles.Admin))
                throw new Infrastructure.ConfigurationProblem("Auth:Staff entries are name:role:password with a role of clerk, reviewer or admin and a password of 8 characters or more.");
            var id = parts[0].Trim().ToLowerInvariant();
            if (await session.LoadAsync<StaffAccount>(id, token) is not null) continue;
            var account = new StaffAccount { Id = id, DisplayName = parts[0].Trim(), Role = parts[1], CreatedBy = "configuration" };
            account.PasswordHash = StaffSignIn.Hash(account, parts[2]);
            session.Store(account);
            log.LogInformation("Created staff account {Account} ({Role}) from configuration", id, parts[1]);
        }
        await session.SaveChangesAsync(token);
    }

    public Task StopAsync(CancellationToken token) => Task.CompletedTask;
}
