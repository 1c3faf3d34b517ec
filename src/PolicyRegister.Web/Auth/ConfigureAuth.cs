using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace PolicyRegister.Web.Auth;

public static class Roles
{
    public const string Clerk = "clerk";
    public const string Reviewer = "reviewer";
    public const string Admin = "admin";

    /// <summary>A reviewer's acts (ending a document, approving a draft) are open to reviewers and admins.</summary>
    public static bool MayReview(System.Security.Claims.ClaimsPrincipal user) => user.IsInRole(Reviewer) || user.IsInRole(Admin);
}

public static class Policies
{
    /// <summary>API: record facts, prepare decisions and imports (API key).</summary>
    public const string Write = "write";
    /// <summary>API: apply decisions and commit imports (API key).</summary>
    public const string Review = "review";
    /// <summary>Workspace pages of a signed-in clerk, reviewer or admin (cookie).</summary>
    public const string Staff = "staff";
    /// <summary>Workspace actions of a reviewer (cookie).</summary>
    public const string StaffReview = "staff-review";
    /// <summary>Account administration (cookie).</summary>
    public const string StaffAdmin = "staff-admin";
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
                throw new Infrastructure.ConfigurationProblem($"Auth:ApiKeys:{child.Key} ('{name}') needs a secret of at least 16 characters.");
            if (role is not (Roles.Clerk or Roles.Reviewer or Roles.Admin))
                throw new Infrastructure.ConfigurationProblem($"Auth:ApiKeys:{child.Key} ('{name}') has the unknown role '{role}': use clerk, reviewer or admin.");
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
    public const string StaffCookie = "pr.staff";

    public const string CookieScheme = "StaffCookie";
    private const string SmartScheme = "ApiKeyOrCookie";

    /// <param name="isCommand">Commands (import, publish, codegen …) sign no cookie: they run without the encryption key.</param>
    public static void ConfigureRegisterAuth(this WebApplicationBuilder builder, bool isCommand = false)
    {
        builder.Services.AddSingleton<ApiKeyStore>();
        // Keys are read at start, not at the first request: a mistyped role stops the register with a clear line.
        builder.Services.AddHostedService<ApiKeysAtStart>();
        builder.Services.AddHostedService<StaffSeeder>();
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            // A bearer key is automation; anything else is a person with a cookie.
            .AddPolicyScheme(SmartScheme, "API key or staff cookie", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? ApiKeyHandler.SchemeName : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = StaffCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/staff/sign-in";
                o.AccessDeniedPath = "/staff/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // Each request: the account still exists, is enabled, has the role and the stamp the cookie was issued
                // with, and the cookie is younger than the absolute lifetime (12 hours) however often it slid.
                o.Events.OnValidatePrincipal = async ctx =>
                {
                    var user = ctx.Principal;
                    var issued = long.TryParse(user?.FindFirst(StaffSignIn.IssuedClaim)?.Value, out var s) ? DateTimeOffset.FromUnixTimeSeconds(s) : DateTimeOffset.MinValue;
                    var clock = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                    await using var session = ctx.HttpContext.RequestServices.GetRequiredService<Marten.IDocumentStore>().QuerySession();
                    var account = user?.Identity?.Name is { } name ? await session.LoadAsync<StaffAccount>(name, ctx.HttpContext.RequestAborted) : null;
                    if (account is null || account.Disabled || account.SecurityStamp != user!.FindFirst(StaffSignIn.StampClaim)?.Value
                        || !user.IsInRole(account.Role) || clock.GetUtcNow() - issued > TimeSpan.FromHours(12))
                    {
                        ctx.RejectPrincipal();
                        await ctx.HttpContext.SignOutAsync(CookieScheme);
                    }
                };
                // Machines get status codes, people get the sign-in page.
                o.Events.OnRedirectToLogin = ctx => Answer(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Answer(ctx, StatusCodes.Status403Forbidden);
            });
        builder.Services.AddAuthorizationBuilder()
            // The JSON API takes API keys only: a browser's cookie never authorises it, so it needs no CSRF defence.
            .AddPolicy(Policies.Write, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName).RequireAuthenticatedUser().RequireRole(Roles.Clerk, Roles.Reviewer, Roles.Admin))
            .AddPolicy(Policies.Review, p => p.AddAuthenticationSchemes(ApiKeyHandler.SchemeName).RequireAuthenticatedUser().RequireRole(Roles.Reviewer, Roles.Admin))
            .AddPolicy(Policies.Staff, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser().RequireRole(Roles.Clerk, Roles.Reviewer, Roles.Admin))
            .AddPolicy(Policies.StaffReview, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser().RequireRole(Roles.Reviewer, Roles.Admin))
            .AddPolicy(Policies.StaffAdmin, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser().RequireRole(Roles.Admin));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "pr.af";
            o.FormFieldName = Forms.TokenField;
        });
        // Production never stores the keys that sign staff cookies in clear: it needs the key that encrypts them.
        if (DataProtectionKeyEncryption.Key(builder.Configuration) is null && builder.Environment.IsProduction()
            && !isCommand)
            throw new Infrastructure.ConfigurationProblem($"{DataProtectionKeyEncryption.Setting} is not set: Production stores its Data Protection keys encrypted. "
                + "Set Register__DataProtectionKey to 32 random bytes in base64 (./build.sh run generates one for trying the register).");
        // Keys in PostgreSQL: a cookie or form issued by one node is valid on every other.
        builder.Services.AddDataProtection().SetApplicationName("PolicyRegister");
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>, DataProtectionKeysInMarten.Setup>();
    }

    private static Task Answer(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/staff"))
        {
            ctx.Response.Redirect(ctx.RedirectUri);
            return Task.CompletedTask;
        }
        ctx.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}

/// <summary>Reads the API keys when the register starts, so that a configuration mistake stops it at once.</summary>
public sealed class ApiKeysAtStart(ApiKeyStore keys) : IHostedService
{
    public Task StartAsync(CancellationToken token) => Task.FromResult(keys.Keys.Count);
    public Task StopAsync(CancellationToken token) => Task.CompletedTask;
}
