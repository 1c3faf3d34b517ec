using System.Globalization;
using System.Text;
using System.Text.Json;
using Marten;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Publishing;
using Wolverine.Http;

namespace PolicyRegister.Web.Site;

public sealed record FeedEntry(string Id, string Title, string Summary, string Link, string Updated);

public sealed record FeedView(string Id, string Title, string SelfLink, string Updated, IReadOnlyList<FeedEntry> Entries);

/// <summary>
/// GET /feed.atom?jurisdiction=: new documents, repeals, declarations of invalidity, decisions and expiries, newest
/// first. Recorded facts come from the asynchronous change-feed projection, expiries from the validity intervals;
/// nothing replays a stream.
/// </summary>
public static class ChangeFeed
{
    [WolverineGet("/feed.atom")]
    public static async Task<IResult> Get(string? jurisdiction, PublicUrls urls, Cluster.StaleReads reads, TemplateStore templates, TimeProvider clock, CancellationToken token)
    {
        if (!Jurisdictions.JurisdictionQuery.TryResolve(jurisdiction, null, out var scope, out var problem, notFound: true))
            return Results.Problem(problem!);
        jurisdiction = scope?.Code;
        await using var session = reads.Open();
        // Entries come from the asynchronous change-feed projection: at most a few seconds behind the register.
        var feedQuery = session.Query<ChangeFeedEntry>().AsQueryable();
        if (jurisdiction is { Length: > 0 }) feedQuery = feedQuery.Where(x => x.Jurisdiction == jurisdiction);
        var entries = (await feedQuery.OrderByDescending(x => x.Id).Take(100).ToListAsync(token))
            .Select(x => (At: x.RecordedAt, Entry: new FeedEntry($"urn:policyregister:event:{x.EventId}", x.Title, x.Summary,
                x.DecisionId is { } d ? $"/decisions/{d}" : $"/documents/{x.DocumentId}", Atom(x.RecordedAt))))
            .ToList();

        // Expiries are not recorded facts but the end of a term: the register announces them on the day they happen.
        var today = RegisterCalendar.Today(clock.GetUtcNow());
        var since = today.AddDays(-365);
        var expiredQuery = session.Query<Document>().Where(d => d.UntilStatus == ValidityStatus.Expired && d.InForceUntil >= since && d.InForceUntil <= today);
        if (jurisdiction is { Length: > 0 }) expiredQuery = expiredQuery.Where(d => d.Jurisdiction == jurisdiction);
        foreach (var d in await expiredQuery.Take(50).ToListAsync(token))
        {
            var at = new DateTimeOffset(d.InForceUntil!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
            entries.Add((at, new FeedEntry($"urn:policyregister:expiry:{d.Id}:{d.InForceUntil:yyyyMMdd}", $"有效期届满：{d.Title}（{d.Number}）",
                $"有效期至{Printed.Date(d.ExpiresOn)}，自{Printed.Date(d.InForceUntil)}起失效", $"/documents/{d.Id}", Atom(at))));
        }

        var ordered = entries.OrderByDescending(x => x.At).Take(100).Select(x => x.Entry with { Link = urls.Absolute(x.Entry.Link) }).ToList();
        var self = urls.Absolute(SitePages.Url("/feed.atom", ("jurisdiction", jurisdiction)));
        var feed = new FeedView($"urn:policyregister:feed:{jurisdiction ?? "all"}", $"{scope?.Name ?? ""}规范性文件登记簿变更", self,
            ordered.FirstOrDefault()?.Updated ?? Atom(clock.GetUtcNow()), ordered);
        return Results.Content(templates.Render("feed.atom", feed, OutputFormat.Html), "application/atom+xml; charset=utf-8", Encoding.UTF8);
    }

    private static string Atom(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

}

/// <summary>Open data: the whole register as JSON and CSV, each document with its status today. Streamed, not buffered.</summary>
public static class OpenData
{
    [WolverineGet("/data/register.json")]
    public static async Task Json(HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken token)
    {
        var today = RegisterCalendar.Today(clock.GetUtcNow());
        http.Response.ContentType = "application/json; charset=utf-8";
        // Written to the response's pipe: flushing the JSON writer only hands bytes to the pipe (no synchronous
        // I/O, which Kestrel refuses), and the pipe goes out asynchronously every 64 KiB.
        var body = http.Response.BodyWriter;
        await using var writer = new Utf8JsonWriter(body);
        writer.WriteStartObject();
        writer.WriteString("on", Printed.Iso(today));
        writer.WriteStartArray("documents");
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Infrastructure.ConfigureHttp.ConfigureJson(options);
        long sent = 0;
        await foreach (var d in session.Query<Document>().OrderBy(d => d.Id).ToAsyncEnumerable(token))
        {
            JsonSerializer.Serialize(writer, SearchDocumentsEndpoint.Summary(d, today), options);
            writer.Flush();
            if (writer.BytesCommitted - sent > 64 * 1024)
            {
                await body.FlushAsync(token);
                sent = writer.BytesCommitted;
            }
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        await body.FlushAsync(token);
    }

    [WolverineGet("/data/register.csv")]
    public static async Task Csv(HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken token)
    {
        var today = RegisterCalendar.Today(clock.GetUtcNow());
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=register-{today:yyyy-MM-dd}.csv";
        // RFC 4180: CRLF line ends.
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(true)) { NewLine = "\r\n" };
        await writer.WriteLineAsync("\"id\",\"number\",\"title\",\"issuers\",\"jurisdiction\",\"kind\",\"signed_on\",\"status\",\"since\",\"basis\"");
        await foreach (var d in session.Query<Document>().OrderBy(d => d.Id).ToAsyncEnumerable(token))
        {
            var a = Validity.On(d, today);
            string[] cells = [d.Id.ToString(), d.Number ?? "", d.Title, string.Join("、", d.Issuers), d.Jurisdiction, Printed.Code2Kind(d.Kind), Printed.Iso(d.SignedOn), Printed.Code(a.Status), Printed.Iso(a.Since), a.Basis?.Number ?? ""];
            await writer.WriteLineAsync(string.Join(",", cells.Select(TemplateStore.CsvCell)));
        }
    }
}
