using System.Threading.RateLimiting;

namespace PolicyRegister.Web.Infrastructure;

/// <summary>Requests a client may send a minute, by kind (Register:RateLimits:…); beyond them, 429 with Retry-After.</summary>
public sealed class RateLimitOptions
{
    public int SignInPerMinute { get; set; } = 10;
    public int WritesPerMinute { get; set; } = 600;
    public int SearchesPerMinute { get; set; } = 1200;
}

/// <summary>
/// The in-box ASP.NET Core rate limiter, partitioned by client address (after forwarded headers from known proxies):
/// sign-ins, API writes (by key when one is sent, so a wrong key counts against its sender) and searches.
/// </summary>
public static class RateLimits
{
    public static void ConfigureRateLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("Register:RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
        if (limits.SignInPerMinute < 1 || limits.WritesPerMinute < 1 || limits.SearchesPerMinute < 1)
            throw new ConfigurationProblem("Register:RateLimits: every limit must be at least 1 a minute.");
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, token) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(statusCode: 429, title: "请求过于频繁 (too many requests)",
                    detail: "请稍后再试 (retry after a minute)").ExecuteAsync(context.HttpContext);
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "local";
                var path = http.Request.Path;
                var method = http.Request.Method;
                if (HttpMethods.IsPost(method) && path.StartsWithSegments("/staff/sign-in"))
                    return Window($"sign-in|{client}", limits.SignInPerMinute);
                if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method) && path.StartsWithSegments("/api"))
                    return Window($"write|{client}", limits.WritesPerMinute);
                if ((path == "/" || path.StartsWithSegments("/api/documents")) && http.Request.Query.ContainsKey("q"))
                    return Window($"search|{client}", limits.SearchesPerMinute);
                return RateLimitPartition.GetNoLimiter("free");
            });
        });
    }

    private static RateLimitPartition<string> Window(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true,
        });
}
