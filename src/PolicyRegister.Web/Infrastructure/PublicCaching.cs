using Marten;
using Microsoft.Extensions.Caching.Memory;
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
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var (sequence, at) = await http.RequestServices.GetRequiredService<PublicLastEvent>().Read(http.RequestAborted);
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
        // The published lists and the open data cost a read of many documents and a render: the answer itself is kept
        // under the same validator (and host), so a repeated request costs the lookup above and a copy.
        var answers = Answers.Kept(http.Request) ? http.RequestServices.GetRequiredService<Answers>() : null;
        var key = $"{etag.Tag}|{http.Request.Host}|{http.Request.Path}{http.Request.QueryString}";
        if (answers?.Find(key) is { } kept)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = kept.ContentType;
            if (kept.Disposition is { } disposition) http.Response.Headers.ContentDisposition = disposition;
            http.Response.ContentLength = kept.Body.Length;
            Stamp(http.Response);
            if (!HttpMethods.IsHead(http.Request.Method)) await http.Response.Body.WriteAsync(kept.Body, http.RequestAborted);
            return;
        }
        http.Response.OnStarting(() =>
        {
            // Only a successful answer is cacheable; errors keep the default (no validators).
            if (http.Response.StatusCode == StatusCodes.Status200OK) Stamp(http.Response);
            return Task.CompletedTask;
        });
        if (answers is null || HttpMethods.IsHead(http.Request.Method))
        {
            await next();
            return;
        }
        // Streamed to the client as it is written, and copied aside up to the size an answer may be kept at.
        var body = http.Response.Body;
        await using var copy = new CopyingStream(body, Answers.LargestAnswer);
        http.Response.Body = copy;
        try
        {
            await next();
        }
        finally
        {
            http.Response.Body = body;
        }
        if (http.Response.StatusCode == StatusCodes.Status200OK && copy.Copy is { } bytes)
            answers.Keep(key, new Answer(http.Response.ContentType ?? "application/octet-stream", http.Response.Headers.ContentDisposition.ToString() is { Length: > 0 } d ? d : null, bytes));
    });

    /// <summary>A kept answer: its body and the headers that describe it.</summary>
    public sealed record Answer(string ContentType, string? Disposition, byte[] Body);

    /// <summary>Answers kept in memory, by validator, host and URL; bounded in total size, least used dropped first.</summary>
    public sealed class Answers : IDisposable
    {
        public const int LargestAnswer = 16 * 1024 * 1024;
        private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 128L * 1024 * 1024 });

        /// <summary>The published lists and the bulk open data: expensive to build, asked again and again.</summary>
        public static bool Kept(HttpRequest request) => request.Path.StartsWithSegments("/publish") || request.Path.StartsWithSegments("/data");

        public Answer? Find(string key) => _cache.TryGetValue(key, out Answer? answer) ? answer : null;

        public void Keep(string key, Answer answer) =>
            _cache.Set(key, answer, new MemoryCacheEntryOptions { Size = answer.Body.Length + 256, SlidingExpiration = TimeSpan.FromHours(1) });

        public void Dispose() => _cache.Dispose();
    }

    /// <summary>Writes through to the response and keeps a copy until it passes <c>limit</c> bytes (then none).</summary>
    private sealed class CopyingStream(Stream inner, int limit) : Stream
    {
        private MemoryStream? _copy = new();

        public byte[]? Copy => _copy?.ToArray();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken token = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, token);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken token) => WriteAsync(buffer.AsMemory(offset, count), token).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (_copy is null) return;
            if (_copy.Length + bytes.Length > limit) { _copy = null; return; }
            _copy.Write(bytes);
        }

        public override Task FlushAsync(CancellationToken token) => inner.FlushAsync(token);
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

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

    /// <summary>The register's last event as the public answers see it (a replica when one is configured), for their validators.</summary>
    public sealed class PublicLastEvent(Cluster.StaleReads reads, TimeProvider clock)
    {
        private readonly Documents.LastEvent _last = new(reads.Open, clock);

        public Task<(long Sequence, DateTimeOffset? At)> Read(CancellationToken token) => _last.Read(token);
    }
}
