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
    public int FailedAttempts { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public string CreatedBy { get; set; } = "";
    public bool Disabled { get; set; }
}

public enum SignInOutcome { SignedIn, WrongCredentials, LockedOut }

/// <summary>Password checks with lock-out: five wrong passwords in a row lock the account for fifteen minutes.</summary>
public static class StaffSignIn
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockOut = TimeSpan.FromMinutes(15);
    private static readonly PasswordHasher<StaffAccount> Hasher = new();

    public static string Hash(StaffAccount account, string password) => Hasher.HashPassword(account, password);

    public static async Task<(SignInOutcome Outcome, StaffAccount? Account)> Check(IDocumentSession session, string userName, string password, DateTimeOffset now, CancellationToken token)
    {
        var account = await session.LoadAsync<StaffAccount>(userName.Trim().ToLowerInvariant(), token);
        if (account is null || account.Disabled) return (SignInOutcome.WrongCredentials, null);
        if (account.LockedUntil is { } until && until > now) return (SignInOutcome.LockedOut, account);

        var verified = Hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
        if (verified)
        {
            account.FailedAttempts = 0;
            account.LockedUntil = null;
        }
        else if (++account.FailedAttempts >= MaxFailures)
        {
            account.LockedUntil = now + LockOut;
            account.FailedAttempts = 0;
        }
        session.Store(account);
        await session.SaveChangesAsync(token);
        return (verified ? SignInOutcome.SignedIn : account.LockedUntil > now ? SignInOutcome.LockedOut : SignInOutcome.WrongCredentials, account);
    }

    public static ClaimsPrincipal Principal(StaffAccount account) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, account.Id), new Claim(ClaimTypes.Role, account.Role), new Claim("display", account.DisplayName)],
        ConfigureAuth.CookieScheme));
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
