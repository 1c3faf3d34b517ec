using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Browser.Tests.Fixtures;

/// <summary>
/// The register on a real Kestrel port (a browser cannot reach an in-memory test server) and Debian's chromium
/// driven by Playwright. build.sh test installs chromium and the CJK fonts when they are missing.
/// </summary>
public sealed class BrowserApp : RegisterApp
{
    public const string Chromium = "/usr/bin/chromium";
    public string BaseUrl { get; }
    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public BrowserApp()
    {
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        UseKestrel(port);
    }

    protected override void Start() => StartServer();

    public async Task LaunchAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing: run the tests through ./build.sh test, which installs Debian's chromium package.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A page in a context of its own. bypassCsp lets a test inject a checker (axe-core) into pages whose policy forbids inline scripts.</summary>
    public async Task<IPage> Page(int width = 1280, int height = 900, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN", BypassCSP = bypassCsp,
        });
        return await context.NewPageAsync();
    }

    public HttpClient Api(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public HttpClient Public() => new() { BaseAddress = new Uri(BaseUrl) };

    /// <summary>The change feed is an asynchronous projection: poll until it holds what is expected, up to 30 s.</summary>
    public async Task<string> FeedContaining(string jurisdiction, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string feed;
        do
        {
            feed = await Public().GetStringAsync($"/feed.atom?jurisdiction={Uri.EscapeDataString(jurisdiction)}");
            if (feed.Contains(text)) return feed;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        return feed;
    }

    /// <summary>Where the screenshots go: the README links the ones copied into docs/screenshots.</summary>
    public static string Screenshot(string name)
    {
        var dir = Environment.GetEnvironmentVariable("PR_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "policyregister-screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task CloseBrowserAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

public sealed class BrowserFixture : IAsyncLifetime
{
    public BrowserApp App { get; } = new();

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        await App.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await App.CloseBrowserAsync();
        await ((IAsyncLifetime)App).DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
