using System.Text.RegularExpressions;
using Marten;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Publishing;
using Wolverine.Http;

namespace PolicyRegister.Web.Site;

public sealed record TextRowView(string Id, string Kind, int Depth, string Number, string Heading, string Text);

public sealed record TocEntry(string Id, string Label, int Depth);

public sealed record TextVersionView(string Label, string Url, bool Shown);

/// <summary>The text as it stood on the page's date: its parts in order (each with its anchor), a table of contents, the versions.</summary>
public sealed record TextView(string Label, IReadOnlyList<TocEntry> Toc, IReadOnlyList<TextRowView> Rows, IReadOnlyList<TextVersionView> Versions);

public sealed record FactView(string LegalDate, string Summary, string? BasisNumber, string? BasisUrl, string RecordedAt, string RecordedBy, string Reason);

public sealed record DocumentView(
    string Id, string Title, string Number, string Issuers, string Jurisdiction, string Kind, string SignedOn, string EffectiveOn, string Expiry,
    string On, string OnText, bool OnIsToday, Badge Badge, string Basis, string? BasisUrl, bool PendingAmendment, bool KnownOnlyFromDecisions,
    Badge TodayBadge, IReadOnlyList<FactView> Timeline, string UpToDateAsOf, string Permalink, string PermalinkText, string CertificateUrl, string? Error)
{
    /// <summary>有效期届满日待核定，可能已届满 …: what a reader must know beside the status.</summary>
    public string Caveat { get; init; } = "";

    /// <summary>第五条、第八条自…起废止（依据…），其余部分继续有效.</summary>
    public string Parts { get; init; } = "";

    /// <summary>已核对至…（依据…）: kept apart from <see cref="UpToDateAsOf"/>, the register's last write.</summary>
    public string Checked { get; init; } = "";

    /// <summary>For staff after a write (post/redirect/get): what was just done.</summary>
    public string Message { get; init; } = "";
    public string ProposalUrl { get; init; } = "";

    /// <summary>schema.org Legislation for this document on the page's date (rendered unencoded: see <see cref="JsonLd"/>).</summary>
    public string JsonLd { get; init; } = "";

    /// <summary>The permanent URI of the document as it stood on the page's date (…/yyyy-mm-dd); empty without a permanent URI.</summary>
    public string DateLink { get; init; } = "";

    /// <summary>When the document is a cleanup decision: its annex rows and what they matched.</summary>
    public DecisionPageView? Decision { get; init; }

    /// <summary>The text on the page's date, when the register holds one.</summary>
    public TextView? Text { get; init; }
}

/// <summary>GET /documents/{id}?on=: the document, "在…是否有效" for any date, and its timeline. Also at a stable URL by number.</summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static partial class DocumentPage
{
    /// <summary>A document with a dated number lives at its permanent URI: the storage id answers with a permanent redirect there.</summary>
    [WolverineGet("/documents/{id}")]
    public static async Task<IResult> Get(
        Guid id, string? on, HttpContext http, IQuerySession session, TimeProvider clock, Jurisdictions.JurisdictionChecks checks, CancellationToken token)
    {
        var (doc, events) = await DocumentReads.LoadAsOf(session, id, null, token);
        if (doc is null) return NotFound(http);
        if (Eli.Path(doc.Jurisdiction, doc.Number) is { } uri) return Moved(http, uri);
        return await Render(http, session, clock, checks, doc, events, on, token);
    }

    /// <summary>The first stable address (before ELI): kept working, as a permanent redirect.</summary>
    [WolverineGet("/documents/{jurisdiction}/{year}/{code}/{serial}")]
    public static async Task<IResult> GetByNumber(string jurisdiction, int year, string code, string serial, HttpContext http, IQuerySession session, CancellationToken token) =>
        await Eli.Resolve(session, jurisdiction, year, code, serial, token) is { } doc ? Moved(http, Eli.Of(doc)) : NotFound(http);

    /// <summary>What a document's permanent URI and its dated form answer, by Accept.</summary>
    private static readonly string[] Representations = [Negotiation.Html, Negotiation.Json, Negotiation.Csv];

    [GeneratedRegex("^(preamble|book|chp|art|annex)_[0-9A-Za-z_]+$")]
    private static partial Regex TextPartId();

    [WolverineGet("/eli/{division}/{year}/{issuer}/{serial}")]
    public static async Task<IResult> GetEli(
        string division, int year, string issuer, string serial, string? on, HttpContext http, IQuerySession session, TimeProvider clock,
        Jurisdictions.JurisdictionChecks checks, CancellationToken token)
    {
        var type = Negotiation.Choose(http, Representations);
        if (type is null) return Negotiation.NotAcceptable(Representations);
        return await Answer(type, await Eli.Resolve(session, division, year, issuer, serial, token), on, http, session, clock, checks, token);
    }

    /// <summary>
    /// …/{yyyy-mm-dd}: the document as it stood on that date; …/data.json and …/data.csv: its data (today's status);
    /// …/feed.atom: its changes; …/text.txt and …/data.akn.xml: its text; …/art_3: an article of it.
    /// </summary>
    [WolverineGet("/eli/{division}/{year}/{issuer}/{serial}/{part}")]
    public static async Task<IResult> GetEliPart(
        string division, int year, string issuer, string serial, string part, long? before, HttpContext http, IQuerySession session, TimeProvider clock,
        Jurisdictions.JurisdictionChecks checks, Cluster.StaleReads reads, TemplateStore templates, IConfiguration config, CancellationToken token)
    {
        // …/art_3, …/chp_2, …/annex_1: a part of the text is an anchor of the document's page.
        if (TextPartId().IsMatch(part))
            return Results.Redirect($"{Eli.Root}/{Uri.EscapeDataString(division)}/{year}/{Uri.EscapeDataString(issuer)}/{Uri.EscapeDataString(serial)}#{part}");
        string? type = null, on = null;
        if (part == "data.json") type = Negotiation.Json;
        else if (part == "data.csv") type = Negotiation.Csv;
        else if (DateOnly.TryParseExact(part, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        {
            on = part;
            type = Negotiation.Choose(http, Representations);
            if (type is null) return Negotiation.NotAcceptable(Representations);
        }
        else if (part is not ("feed.atom" or "text.txt" or "data.akn.xml")) return NotFound(http);

        var doc = await Eli.Resolve(session, division, year, issuer, serial, token);
        if (type is not null) return await Answer(type, doc, on, http, session, clock, checks, token);
        if (doc is null) return NoSuchDocument();
        var urls = http.RequestServices.GetRequiredService<PublicUrls>();
        if (part == "feed.atom") return await ChangeFeed.ForDocument(doc, before, urls, reads, templates, config, clock, token);
        var (_, shown) = await DocumentTextProjection.For(session, doc.Id, RegisterCalendar.Today(clock.GetUtcNow()), token);
        if (part == "text.txt")
            return shown is null ? Problems.NotFound("登记簿尚未登记该文件的全文 (no text recorded)").ToResult()
                : Results.Text(shown.Text, "text/plain; charset=utf-8", System.Text.Encoding.UTF8);
        var (_, events) = await DocumentReads.LoadAsOf(session, doc.Id, null, token);
        var xml = AkomaNtoso.Export(doc, events, shown is null ? null : Domain.Texts.TextStructure.Parse(shown.Text), shown?.EffectiveOn ?? doc.EffectiveOn, urls.Absolute);
        return Results.Text(xml.Declaration + "\n" + xml.ToString(), "application/akn+xml; charset=utf-8", System.Text.Encoding.UTF8);
    }

    private static IResult NoSuchDocument() => Problems.NotFound("登记簿中没有这个文件 (no such document)").ToResult();

    private static async Task<IResult> Answer(string type, Document? doc, string? on, HttpContext http, IQuerySession session, TimeProvider clock,
        Jurisdictions.JurisdictionChecks checks, CancellationToken token)
    {
        if (doc is null) return type == Negotiation.Html ? NotFound(http) : NoSuchDocument();
        if (type == Negotiation.Html)
            return await Render(http, session, clock, checks, doc, (await DocumentReads.LoadAsOf(session, doc.Id, null, token)).Events, on, token);
        if (!DocumentReads.TryParseOn(on, clock, out var date)) return Infrastructure.Problems.Invalid(new RuleViolation("on", "日期格式应为 YYYY-MM-DD (a date is YYYY-MM-DD)")).ToResult();
        var urls = http.RequestServices.GetRequiredService<PublicUrls>();
        if (type == Negotiation.Csv)
        {
            var csv = OpenData.CsvHeader + "\r\n" + OpenData.CsvRow(doc, date, urls) + "\r\n";
            return Results.Text(csv, "text/csv; charset=utf-8; header=present", System.Text.Encoding.UTF8);
        }
        var (_, events) = await DocumentReads.LoadAsOf(session, doc.Id, null, token);
        var upToDate = await DocumentReads.UpToDateAsOf(session, null, token);
        var check = await checks.For(doc.Jurisdiction, null, session, token);
        var details = GetDocumentEndpoint.Details(doc, DocumentReads.Status(doc, events[^1].Version, date, null, events[^1].Timestamp, upToDate, check),
            DocumentReads.TimelineOf(events, names: await GetDocumentEndpoint.Staff(http)), urls);
        // The data form carries the text of the date too: its source and its parts, as structured JSON.
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var json = System.Text.Json.JsonSerializer.SerializeToNode(details, options)!.AsObject();
        var (_, text) = await DocumentTextProjection.For(session, doc.Id, date, token);
        json["text"] = text is null ? null : System.Text.Json.JsonSerializer.SerializeToNode(new
        {
            effectiveOn = text.EffectiveOn, source = text.Source, recordedAt = text.RecordedAt, plain = text.Text,
            parts = Domain.Texts.TextStructure.Parse(text.Text).Parts,
        }, options);
        return Results.Text(json.ToJsonString(options), "application/json; charset=utf-8", System.Text.Encoding.UTF8);
    }

    /// <summary>301 to the permanent URI, keeping the query (?on=, and the workspace's ?proposed=).</summary>
    private static IResult Moved(HttpContext http, string uri) => Results.Redirect(uri + http.Request.QueryString, permanent: true);

    private static async Task<IResult> Render(
        HttpContext http, IQuerySession session, TimeProvider clock, Jurisdictions.JurisdictionChecks checks, Document doc,
        IReadOnlyList<JasperFx.Events.IEvent> events, string? on, CancellationToken token)
    {
        var today = RegisterCalendar.Today(clock.GetUtcNow());
        string? error = null;
        if (!DocumentReads.TryParseOn(on, clock, out var date))
        {
            error = "日期格式应为 YYYY-MM-DD，已按今天查询";
            date = today;
        }
        var answer = Validity.On(doc, date);
        var permalink = Eli.Of(doc);
        var eli = Eli.Path(doc.Jurisdiction, doc.Number);
        var urls = http.RequestServices.GetRequiredService<PublicUrls>();
        Guid? proposed = http.User.Identity?.IsAuthenticated == true && Guid.TryParse(http.Request.Query["proposed"], out var p) ? p : null;
        var decision = await session.Query<Domain.Decisions.Decision>().FirstOrDefaultAsync(x => x.DocumentId == doc.Id, token);
        var upToDate = await DocumentReads.UpToDateAsOf(session, null, token);
        var timeline = DocumentReads.TimelineOf(events, names: http.User.Identity?.IsAuthenticated == true).Select(t => new FactView(Printed.Date(t.LegalDate), t.Summary, t.Basis?.Number, BasisUrl(t.Basis, doc.Id),
            Printed.Moment(t.RecordedAt), t.RecordedBy ?? "", t.Reason ?? "")).ToList();
        var view = new DocumentView(doc.Id.ToString(), doc.Title, doc.Number ?? "（无文号）", string.Join("、", doc.Issuers), Domain.Jurisdictions.Divisions.NameOf(doc.Jurisdiction),
            doc.Kind switch { DocumentKind.Rule => "政府规章", DocumentKind.Normative => "行政规范性文件", _ => "其他文件" },
            Printed.Date(doc.SignedOn), Printed.Effective(doc), Printed.Expiry(doc), Printed.Iso(date), Printed.Date(date), date == today,
            SitePages.BadgeOf(answer), SitePages.BasisLine(answer), BasisUrl(answer.Basis, doc.Id), answer.PendingAmendment, doc.KnownOnlyFromDecisions,
            SitePages.BadgeOf(Validity.On(doc, today).Status), timeline, Printed.Moment(upToDate), permalink, Uri.UnescapeDataString(permalink),
            $"/publish/documents/{doc.Id}/certificate?on={Printed.Iso(date)}", error)
        {
            Caveat = DocumentReads.TermCaveat(answer, date).Caveat ?? "",
            Parts = SitePages.PartsLine(answer),
            Message = proposed is null ? "" : "已提交审核：废止、宣布失效或替代须经审核人员批准后才登记。",
            ProposalUrl = proposed is { } proposal ? $"/staff/proposals/{proposal}" : "",
            JsonLd = Site.JsonLd.Legislation(doc, answer, permalink, urls.Absolute,
                decision is null ? null : [.. decision.Outcomes.Where(o => o.Number is not null).Select(o => o.Number!).Distinct()]),
            Checked = SitePages.CheckedLine(Jurisdictions.JurisdictionChecks.Latest(doc, await checks.For(doc.Jurisdiction, null, session, token))),
            DateLink = eli is null ? "" : Eli.OnDate(eli, date),
            Decision = decision is null ? null : await RegisterPages.DecisionView(decision, http, session, token),
            Text = await TextOn(session, doc, date, today, token),
        };
        if (eli is not null)
            SitePages.Links(http, urls.Absolute(on is null ? eli : view.DateLink),
                new AlternateLink("application/json", $"{eli}/data.json", "JSON"), new AlternateLink("text/csv", $"{eli}/data.csv", "CSV"),
                new AlternateLink("application/atom+xml", $"{eli}/feed.atom", "该文件的变更"),
                new AlternateLink("application/akn+xml", $"{eli}/data.akn.xml", "Akoma Ntoso"));
        return SitePages.Render(http, "site-document.html", $"{doc.Title}（{doc.Number}）", view, error is null ? 200 : 400);
    }

    private static async Task<TextView?> TextOn(IQuerySession session, Document doc, DateOnly date, DateOnly today, CancellationToken token)
    {
        var (versions, shown) = await DocumentTextProjection.For(session, doc.Id, date, token);
        if (shown is null) return null;
        var tree = Domain.Texts.TextStructure.Parse(shown.Text);
        var rows = new List<TextRowView>();
        var toc = new List<TocEntry>();
        void Walk(IEnumerable<Domain.Texts.TextPart> parts, int depth)
        {
            foreach (var p in parts)
            {
                var kind = p.Kind.ToString().ToLowerInvariant();
                if (p.Kind is Domain.Texts.PartKind.Book or Domain.Texts.PartKind.Chapter or Domain.Texts.PartKind.Section or Domain.Texts.PartKind.Article or Domain.Texts.PartKind.Annex)
                    toc.Add(new TocEntry(p.Id, $"{p.Number} {p.Heading}".Trim(), p.Kind == Domain.Texts.PartKind.Article ? 1 : 0));
                if (p.Kind != Domain.Texts.PartKind.Preamble && (p.Number.Length > 0 || p.Heading.Length > 0 || p.Text.Length > 0))
                    rows.Add(new TextRowView(p.Id, kind, Math.Min(depth, 4), p.Number, p.Heading, p.Text));
                Walk(p.Children, depth + (p.Kind is Domain.Texts.PartKind.Paragraph ? 0 : 1));
            }
        }
        Walk(tree.Parts, 0);
        string Label(DocumentText v) => v.EffectiveOn is { } on ? $"自{Printed.Date(on)}起适用的文本" : "公布的文本";
        var uri = Eli.Path(doc.Jurisdiction, doc.Number);
        return new TextView(
            $"{Label(shown)}{(shown.Source?.Gazette is { } g ? $"（据{g}{shown.Source.Issue}{(shown.Source.Page is { } page ? $"第{page}页" : "")}）" : "")}",
            toc, rows,
            [.. versions.Select(v => new TextVersionView(Label(v),
                uri is null ? $"/documents/{doc.Id}?on={Printed.Iso(v.EffectiveOn ?? doc.EffectiveOn ?? today)}" : Eli.OnDate(uri, v.EffectiveOn ?? doc.EffectiveOn ?? today),
                v.Id == shown.Id))]);
    }

    /// <summary>A fact's basis links to the deciding decision, or to the deciding document when it is another one.</summary>
    public static string? BasisUrl(LegalBasis? basis, Guid self) =>
        basis?.DecisionId is { } decision ? $"/decisions/{decision}"
        : basis?.DocumentId is { } doc && doc != self ? $"/documents/{doc}"
        : null;

    public static IResult NotFound(HttpContext http) =>
        SitePages.Render(http, "site-message.html", "未找到", new { heading = "未找到该文件", message = "登记簿中没有这个文件。请检查链接，或从首页检索。" }, 404);
}
