using System.Globalization;
using System.Text;
using System.Text.Json;
using Marten;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Publishing;
using Wolverine.Http;

namespace PolicyRegister.Web.Site;

public sealed record FeedEntry(string Id, string Title, string Summary, string Link, string Published, string Updated, string Kind, string KindLabel);

public sealed record FeedLinkView(string Rel, string Href);

public sealed record FeedView(string Id, string Title, string SelfLink, string Updated, IReadOnlyList<FeedLinkView> Links, bool Archive, IReadOnlyList<FeedEntry> Entries)
{
    /// <summary>The category scheme: the change kinds as the open-data page lists them.</summary>
    public string Scheme { get; init; } = "";
}

/// <summary>
/// The change feeds (Atom): the whole register, one jurisdiction (?jurisdiction=) or one document (…/feed.atom under its
/// permanent URI). New documents, repeals, declarations of invalidity, replacements, lapsed terms and decisions, newest
/// first, 50 a page, paged and archived after RFC 5005: the subscription document links `next` and `prev-archive` to
/// `?before={sequence}`, a page of the 50 entries recorded before that point — immutable, since events are never
/// changed, and marked `fh:archive`. Every change since the first event is reachable. Entries come from the
/// asynchronous change-feed projection (a few seconds behind the register); nothing replays a stream.
/// </summary>
public static class ChangeFeed
{
    public const int PageSize = 50;

    [WolverineGet("/feed.atom")]
    public static async Task<IResult> Get(string? jurisdiction, long? before, HttpContext http, PublicUrls urls, Cluster.StaleReads reads, TemplateStore templates,
        IConfiguration config, TimeProvider clock, CancellationToken token)
    {
        if (!Jurisdictions.JurisdictionQuery.TryResolve(jurisdiction, null, out var scope, out var problem, notFound: true))
            return Results.Problem(problem!);
        var code = scope?.Code;
        return await Render(code, null, SitePages.Url("/feed.atom", ("jurisdiction", code)),
            $"{scope?.Name ?? ""}规范性文件登记簿变更", $"feed/{code ?? "all"}", before, urls, reads, templates, config, clock, token);
    }

    /// <summary>The feed of one document (its permanent URI + /feed.atom): its own facts and the decisions that ended it.</summary>
    public static Task<IResult> ForDocument(Document doc, long? before, PublicUrls urls, Cluster.StaleReads reads, TemplateStore templates, IConfiguration config,
        TimeProvider clock, CancellationToken token) =>
        Render(null, doc.Id, $"{Eli.Of(doc)}/feed.atom", $"{doc.Title}（{doc.Number}）的变更", $"feed/document/{doc.Id}", before, urls, reads, templates,
            config, clock, token);

    private static async Task<IResult> Render(string? jurisdiction, Guid? documentId, string path, string title, string feedKey,
        long? before, PublicUrls urls, Cluster.StaleReads reads, TemplateStore templates, IConfiguration config, TimeProvider clock, CancellationToken token)
    {
        if (before is <= 0) return Infrastructure.Problems.Invalid(new RuleViolation("before", "before 为正整数 (a positive event sequence)")).ToResult();
        await using var session = reads.Open();
        var query = session.Query<ChangeFeedEntry>().AsQueryable();
        if (jurisdiction is not null) query = query.Where(x => x.Jurisdiction == jurisdiction);
        if (documentId is { } id) query = query.Where(x => x.DocumentId == id);
        if (before is { } b) query = query.Where(x => x.Id < b);
        // One more than a page tells whether an older page exists.
        var rows = await query.OrderByDescending(x => x.Id).Take(PageSize + 1).ToListAsync(token);
        var page = rows.Take(PageSize).ToList();
        var tag = Tags(urls, config);
        var entries = page.Select(x => (At: x.RecordedAt, Entry: new FeedEntry(tag.Entry(x), x.Title, x.Summary, urls.Absolute(Link(x)), Atom(x.RecordedAt), Atom(x.RecordedAt),
            x.Kind, KindLabel(x.Kind)))).ToList();

        // A term that ran out before the register noted it (a document registered after its term) has no event of its
        // own: the subscription document announces such expiries of the past year by their date.
        if (before is null)
        {
            var today = RegisterCalendar.Today(clock.GetUtcNow());
            var since = today.AddDays(-365);
            var expired = session.Query<Document>().Where(d => d.UntilStatus == ValidityStatus.Expired && d.InForceUntil >= since && d.InForceUntil <= today);
            if (jurisdiction is not null) expired = expired.Where(d => d.Jurisdiction == jurisdiction);
            if (documentId is { } one) expired = expired.Where(d => d.Id == one);
            foreach (var d in (await expired.Take(PageSize).ToListAsync(token)).Where(d => d.LapseNotedOn != d.InForceUntil))
            {
                var at = new DateTimeOffset(d.InForceUntil!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
                entries.Add((at, new FeedEntry(tag.Feed($"expiry/{d.Id}/{d.InForceUntil:yyyyMMdd}"), $"有效期届满：{d.Title}（{d.Number}）",
                    $"有效期至{Printed.Date(d.ExpiresOn)}，自{Printed.Date(d.InForceUntil)}起失效", urls.Absolute(Eli.Of(d)), Atom(at), Atom(at), "term_lapsed", KindLabel("term_lapsed"))));
            }
            entries = [.. entries.OrderByDescending(e => e.At)];
        }

        var self = before is null ? path : Page(path, before.Value);
        var links = new List<FeedLinkView> { new("self", urls.Absolute(self)), new("first", urls.Absolute(path)), new("current", urls.Absolute(path)) };
        if (rows.Count > PageSize)
        {
            var older = urls.Absolute(Page(path, page[^1].Id));
            links.Add(new("next", older));
            links.Add(new("prev-archive", older));
        }
        var feed = new FeedView(tag.Feed(feedKey), title, urls.Absolute(self),
            entries.Count > 0 ? entries.Max(e => e.Entry.Updated)! : Atom(clock.GetUtcNow()), links, Archive: before is not null, [.. entries.Select(e => e.Entry)])
        {
            Scheme = urls.Absolute("/open-data#change-kinds"),
        };
        return Results.Content(templates.Render("feed.atom", feed, OutputFormat.Html), "application/atom+xml; charset=utf-8", Encoding.UTF8);
    }

    private static string Page(string path, long before) => path + (path.Contains('?') ? "&" : "?") + $"before={before}";

    /// <summary>A decision's entry links to the decision (its document's permanent URI); a document's entry to the document.</summary>
    private static string Link(ChangeFeedEntry x) => x.DecisionId is { } d
        ? x.Number is { } dn ? Eli.Of(x.Jurisdiction, dn, x.DocumentId ?? d) : $"/decisions/{d}"
        : Eli.Of(x.Jurisdiction, x.Number, x.DocumentId ?? Guid.Empty);

    public static string KindLabel(string kind) => kind switch
    {
        "registered" => "新登记", "repealed" => "废止", "declared_invalid" => "宣布失效", "replaced" => "被替代", "term_lapsed" => "有效期届满",
        "decision_applied" => "执行清理决定", _ => kind,
    };

    /// <summary>
    /// tag: URIs (RFC 4151) under the configured public host and Register:FeedTagDate (a date the register held that
    /// host; default 2026-01-01): stable across re-imports and moves of the database, unlike storage ids.
    /// </summary>
    private static (Func<ChangeFeedEntry, string> Entry, Func<string, string> Feed) Tags(PublicUrls urls, IConfiguration config)
    {
        var host = new Uri(urls.Base).Host;
        var date = config["Register:FeedTagDate"] is { Length: > 0 } d ? d : "2026-01-01";
        return (x => $"tag:{host},{date}:event/{x.EventId}", key => $"tag:{host},{date}:{key}");
    }

    private static string Atom(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Open data: the whole register as JSON and CSV, each document with its status today. Streamed, not buffered.</summary>
public static class OpenData
{
    private static readonly Lazy<string> Schema = new(() =>
    {
        using var stream = typeof(OpenData).Assembly.GetManifestResourceStream("schemas.register.schema.json")!;
        return new StreamReader(stream).ReadToEnd();
    });

    /// <summary>The JSON Schema (draft-07) of /data/register.json, at a stable URL; the test suite validates the file against it.</summary>
    [WolverineGet("/data/register.schema.json")]
    public static IResult JsonSchema() => Results.Text(Schema.Value, "application/schema+json; charset=utf-8", Encoding.UTF8);

    [WolverineGet("/data/register.json")]
    public static async Task Json(HttpContext http, IQuerySession session, PublicUrls urls, TimeProvider clock, CancellationToken token)
    {
        var today = RegisterCalendar.Today(clock.GetUtcNow());
        http.Response.ContentType = "application/json; charset=utf-8";
        // Written to the response's pipe: flushing the JSON writer only hands bytes to the pipe (no synchronous
        // I/O, which Kestrel refuses), and the pipe goes out asynchronously every 64 KiB.
        var body = http.Response.BodyWriter;
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Infrastructure.ConfigureHttp.ConfigureJson(options);
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = options.Encoder });
        writer.WriteStartObject();
        writer.WriteString("on", Printed.Iso(today));
        writer.WriteStartArray("documents");
        long sent = 0;
        await foreach (var d in session.Query<Document>().OrderBy(d => d.Id).ToAsyncEnumerable(token))
        {
            JsonSerializer.Serialize(writer, SearchDocumentsEndpoint.Summary(d, today, urls), options);
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

    public const string CsvHeader = "\"id\",\"number\",\"title\",\"issuers\",\"jurisdiction\",\"kind\",\"signed_on\",\"status\",\"since\",\"basis\",\"uri\"";

    /// <summary>One document as a CSV record (RFC 4180: every field quoted), its status on the date and its permanent URI.</summary>
    public static string CsvRow(Document d, DateOnly on, PublicUrls urls)
    {
        var a = Validity.On(d, on);
        string[] cells = [d.Id.ToString(), d.Number ?? "", d.Title, string.Join("、", d.Issuers), d.Jurisdiction, Printed.Code2Kind(d.Kind), Printed.Iso(d.SignedOn),
            Printed.Code(a.Status), Printed.Iso(a.Since), a.Basis?.Number ?? "", urls.Absolute(Eli.Of(d))];
        return string.Join(",", cells.Select(ScriptModel.CsvCell));
    }

    [WolverineGet("/data/register.csv")]
    public static async Task Csv(HttpContext http, IQuerySession session, PublicUrls urls, TimeProvider clock, CancellationToken token)
    {
        var today = RegisterCalendar.Today(clock.GetUtcNow());
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=register-{today:yyyy-MM-dd}.csv";
        // RFC 4180: CRLF line ends.
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(true)) { NewLine = "\r\n" };
        await writer.WriteLineAsync(CsvHeader);
        await foreach (var d in session.Query<Document>().OrderBy(d => d.Id).ToAsyncEnumerable(token))
            await writer.WriteLineAsync(CsvRow(d, today, urls));
    }
}
