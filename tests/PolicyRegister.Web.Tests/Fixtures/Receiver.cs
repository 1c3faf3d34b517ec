using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PolicyRegister.Web.Tests.Fixtures;

/// <summary>A subscriber's receiver on 127.0.0.1 (real HTTP, a port of its own): it keeps what it is sent, and can be down (503).</summary>
public sealed class Receiver : IAsyncDisposable
{
    public sealed record Received(string Delivery, string Kind, string Signature, string Body, DateTimeOffset At);

    private readonly WebApplication _app;
    public ConcurrentQueue<Received> Messages { get; } = new();
    public volatile bool Down;
    public string Url { get; private set; } = "";

    private Receiver(WebApplication app) => _app = app;

    public static async Task<Receiver> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            if (receiver.Down) return Results.StatusCode(503);
            using var reader = new StreamReader(http.Request.Body);
            receiver.Messages.Enqueue(new Received(http.Request.Headers["X-Register-Delivery"].ToString(), http.Request.Headers["X-Register-Event"].ToString(),
                http.Request.Headers["X-Register-Signature"].ToString(), await reader.ReadToEndAsync(), DateTimeOffset.UtcNow));
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address}/hook";
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> distinct deliveries have arrived, or the time is up.</summary>
    public async Task<IReadOnlyList<Received>> WaitFor(int count, TimeSpan within)
    {
        var until = DateTimeOffset.UtcNow + within;
        while (DateTimeOffset.UtcNow < until && Distinct().Count < count) await Task.Delay(100);
        return Distinct();
    }

    public IReadOnlyList<Received> Distinct() => [.. Messages.DistinctBy(m => m.Delivery)];

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
