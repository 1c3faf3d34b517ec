using Marten;
using Microsoft.Net.Http.Headers;
using PolicyRegister.Domain.Dates;

namespace PolicyRegister.Web.Infrastructure;

/// <summary>
/// Web caching for the public reads. Every answer to an anonymous GET is a function of the URL, the Accept header, the
/// events recorded so far, the Beijing date (answers that default to "today") and the running build; the ETag names
/// all of them, so a conditional request is answered 304 after one indexed query, before any page is built.
/// Signed-in staff and API keys are never cached (their pages show names and forms).
/// </summary>
public static class PublicCaching
{
    private const int MaxAgeSeconds = 60;
    private static readonly string Build = Convert.ToHexString(BitConverter.GetBytes(
        File.GetLastWriteTimeUtc(typeof(PublicCaching).Assembly.Location).Ticks ^ Environment.ProcessId))[..8].ToLowerInvariant();

    private const string HeadFlag = "pr.head";

    /// <summary>
    /// HEAD works on every GET: routing is shown a GET (the endpoints declare GET only), and the method is HEAD again
    /// before the endpoint runs, so the server sends the headers and no body.
    /// </summary>
    public static void UseHeadAsGet(this WebApplication app, Action routing)
    {
        app.Use(async (http, next) =>
        {
            if (HttpMethods.IsHead(http.Request.Method))
            {
                http.Request.Method = HttpMethods.Get;
                http.Items[HeadFlag] = true;
            }
            await next();
        });
        routing();
        app.Use(async (http, next) =>
        {
            if (http.Items.ContainsKey(HeadFlag)) http.Request.Method = HttpMethods.Head;
            await next();
        });
    }

    public static void UsePublicCaching(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (!(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) || !Cacheable(http.Request))
        {
            await next();
            return;
        }
        var reads = http.RequestServices.GetRequiredService<Cluster.StaleReads>();
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        long sequence;
        DateTimeOffset? at;
        await using (var session = reads.Open())
            (sequence, at) = await Last(session, http.RequestAborted);
        var now = clock.GetUtcNow();
        var today = RegisterCalendar.Today(now);
        var accept = http.Request.Headers.Accept.ToString();
        var etag = new EntityTagHeaderValue($"\"{sequence:x}-{today:yyyyMMdd}-{Build}-{Fingerprint(accept)}\"");
        var lastModified = at is { } t ? TruncateToSeconds(t) : (DateTimeOffset?)null;
        var maxAge = DefaultsToToday(http.Request) ? (int)Math.Clamp(SecondsToBeijingMidnight(now), 1, MaxAgeSeconds) : MaxAgeSeconds;

        void Stamp(HttpResponse response)
        {
            var headers = response.GetTypedHeaders();
            headers.ETag = etag;
            if (lastModified is { } lm) headers.LastModified = lm;
            response.Headers.CacheControl = $"public, max-age={maxAge}";
            response.Headers.Append(HeaderNames.Vary, HeaderNames.Cookie);
        }

        var request = http.Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch is { Count: > 0 } match
            ? match.Any(m => m.Tag == "*" || m.Compare(etag, useStrongComparison: false))
            : request.IfModifiedSince is { } since && lastModified is { } modified && modified <= since;
        if (notModified)
        {
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            Stamp(http.Response);
            return;
        }
        http.Response.OnStarting(() =>
        {
            // Only a successful answer is cacheable; errors keep the default (no validators).
            if (http.Response.StatusCode == StatusCodes.Status200OK) Stamp(http.Response);
            return Task.CompletedTask;
        });
        await next();
    });

    /// <summary>Anonymous reads of the public site, open data and public API; never the workspace, health or anything carrying credentials.</summary>
    private static bool Cacheable(HttpRequest request) =>
        !request.Headers.ContainsKey(HeaderNames.Authorization)
        && !request.Cookies.ContainsKey(Auth.ConfigureAuth.StaffCookie)
        && !request.Path.StartsWithSegments("/staff") && !request.Path.StartsWithSegments("/health")
        && !request.Path.StartsWithSegments("/api/docs");

    /// <summary>An answer without an explicit date (on=, from/to, a dated URI) is today's answer: it must not outlive Beijing's day.</summary>
    private static bool DefaultsToToday(HttpRequest request) =>
        !request.Query.ContainsKey("on") && !(request.Query.ContainsKey("from") && request.Query.ContainsKey("to"))
        && !System.Text.RegularExpressions.Regex.IsMatch(request.Path.Value ?? "", @"/\d{4}-\d{2}-\d{2}$");

    private static double SecondsToBeijingMidnight(DateTimeOffset now)
    {
        var beijing = now.ToOffset(TimeSpan.FromHours(8));
        return (beijing.Date.AddDays(1) - beijing.DateTime).TotalSeconds;
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset);

    private static string Fingerprint(string accept) =>
        accept.Length == 0 ? "0" : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(accept)))[..8].ToLowerInvariant();

    private static async Task<(long Sequence, DateTimeOffset? At)> Last(IQuerySession session, CancellationToken token)
    {
        // Two one-row reads of the sequence's index (a selected timestamp cannot share a projection with the sequence here).
        var sequence = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).Take(1).ToListAsync(token);
        if (sequence.Count == 0) return (0, null);
        var at = await session.Events.QueryAllRawEvents().Where(e => e.Sequence == sequence[0]).Select(e => e.Timestamp).Take(1).ToListAsync(token);
        return (sequence[0], at.Count == 0 ? null : at[0]);
    }
}
