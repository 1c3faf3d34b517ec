using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PolicyRegister.Web.Auth;

public static class Roles
{
    public const string Clerk = "clerk";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";
}

public static class Policies
{
    /// <summary>Record facts, prepare decisions and imports.</summary>
    public const string Write = "write";
    /// <summary>Apply decisions and commit imports.</summary>
    public const string Review = "review";
}

public sealed record ApiKey(string Name, string Role, byte[] SecretHash);

/// <summary>
/// API keys from configuration, <c>Auth:ApiKeys:N</c>: either "name:secret" (role reviewer) or
/// "name:role:secret", or an object with Name, Role and Key. Only hashes are kept in memory.
/// </summary>
public sealed class ApiKeyStore
{
    public IReadOnlyList<ApiKey> Keys { get; }

    public ApiKeyStore(IConfiguration config)
    {
        var keys = new List<ApiKey>();
        var i = 0;
        foreach (var child in config.GetSection("Auth:ApiKeys").GetChildren())
        {
            i++;
            string? name, role = Roles.Reviewer, secret;
            if (child.Value is { } value)
            {
                var parts = value.Split(':', 3);
                (name, role, secret) = parts.Length switch
                {
                    3 => (parts[0], parts[1], parts[2]),
                    2 => (parts[0], Roles.Reviewer, parts[1]),
                    _ => ($"apikey-{i}", Roles.Reviewer, parts[0]),
                };
            }
            else
            {
                name = child["Name"] ?? $"apikey-{i}";
                role = child["Role"] ?? Roles.Reviewer;
                secret = child["Key"];
            }
            if (string.IsNullOrWhiteSpace(secret) || secret.Length < 16)
                throw new InvalidOperationException($"Auth:ApiKeys:{child.Key} ('{name}') needs a secret of at least 16 characters.");
            keys.Add(new ApiKey(name, role, Hash(secret)));
        }
        Keys = keys;
    }

    public ApiKey? Find(string secret)
    {
        var hash = Hash(secret);
        ApiKey? found = null;
        foreach (var key in Keys)
            if (CryptographicOperations.FixedTimeEquals(key.SecretHash, hash)) found = key;
        return found;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}

public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.NoResult());
        var key = store.Find(header["Bearer ".Length..].Trim());
        if (key is null) return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, key.Name), new Claim(ClaimTypes.Role, key.Role), new Claim("auth", "api-key")],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}

public static class ConfigureAuth
{
    public static void ConfigureRegisterAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddAuthentication(ApiKeyHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Write, p => p.RequireAuthenticatedUser().RequireRole(Roles.Clerk, Roles.Reviewer, Roles.Admin))
            .AddPolicy(Policies.Review, p => p.RequireAuthenticatedUser().RequireRole(Roles.Reviewer, Roles.Admin));
    }
}
