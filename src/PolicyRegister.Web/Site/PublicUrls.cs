using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PolicyRegister.Web.Site;

/// <summary>
/// The register's own absolute address for links that leave the page (the Atom feed, the API description's
/// servers): Register:PublicBaseUrl, else the first address the server listens on. A request's Host header never
/// decides it, so a forged Host cannot plant links in what the register publishes.
/// </summary>
public sealed class PublicUrls(IConfiguration config, IServer server)
{
    private readonly string? _configured = Validate(config["Register:PublicBaseUrl"]);

    /// <summary>A fixed address, for code that runs outside a server (benchmarks, tools).</summary>
    public static PublicUrls Fixed(string baseUrl) => new(
        new ConfigurationBuilder().AddInMemoryCollection([new("Register:PublicBaseUrl", baseUrl)]).Build(), null!);

    public string Base =>
        _configured ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()?.TrimEnd('/')
            .Replace("://+", "://localhost").Replace("://*", "://localhost").Replace("://[::]", "://localhost")
        ?? "http://localhost";

    public string Absolute(string path) => $"{Base}{path}";

    private static string? Validate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri.GetLeftPart(UriPartial.Path).TrimEnd('/')
            : throw new Infrastructure.ConfigurationProblem($"Register:PublicBaseUrl must be an absolute http(s) address, not '{value}'.");
    }
}
