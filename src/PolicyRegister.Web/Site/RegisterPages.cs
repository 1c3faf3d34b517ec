using Marten;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Jurisdictions;
using PolicyRegister.Web.Publishing;
using Wolverine.Http;

namespace PolicyRegister.Web.Site;

public sealed record ListLinks(string Html, string Txt, string Csv);

/// <summary>A jurisdiction in a page's select: the division's code is the value, its name the label.</summary>
public sealed record JurisdictionOption(string Code, string Name);

public sealed record CataloguePageView(CatalogueView Catalogue, IReadOnlyList<JurisdictionOption> Jurisdictions, string Code, string Include,
    string? Issuer, ListLinks Links, string? Error);

public sealed record ChangesPageView(ChangesView Changes, IReadOnlyList<JurisdictionOption> Jurisdictions, string Code, ListLinks Links, string? Error);

public sealed record DecisionItemView(int Seq, string Action, string Title, string Number, string? Url, string Match);

public sealed record DecisionPageView(string Id, string Number, string Title, string Jurisdiction, string SignedOn, string EffectiveOn, string State,
    string? DocumentUrl, IReadOnlyList<DecisionItemView> Items, ListLinks Links)
{
    /// <summary>本次清理未涉及的现行有效文件 N 件: the decision's issuers' documents in force the day before it that no row names.</summary>
    public string Coverage { get; init; } = "";
    public string CoverageUrl { get; init; } = "";

    /// <summary>After an approval (post/redirect/get): what was done, for the staff member who did it.</summary>
    public string Message { get; init; } = "";
}

/// <summary>The public catalogue, changes and decision pages; each links to the printable and CSV outputs.</summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class RegisterPages
{
    private static readonly string[] ListTypes = [Negotiation.Html, Negotiation.Json, Negotiation.Csv, Negotiation.Atom];

    /// <summary>
    /// A list answers in the representation Accept asks for: the page, its data (JSON), its CSV, or the jurisdiction's
    /// change feed (Atom: what changes the list); 406 for anything else. The explicit forms stay (/publish/…?format=).
    /// </summary>
    private static async Task<IResult?> Negotiated(HttpContext http, string? type, object view, string csvTemplate, string fileName, string jurisdiction,
        PublicUrls urls, Cluster.StaleReads reads, IConfiguration config, TimeProvider clock, CancellationToken token)
    {
        if (type is null) return Negotiation.NotAcceptable(ListTypes);
        var templates = http.RequestServices.GetRequiredService<TemplateStore>();
        return type switch
        {
            Negotiation.Json => Results.Json(view, contentType: "application/json; charset=utf-8"),
            Negotiation.Csv => Publish.Render(templates, csvTemplate, view, OutputFormat.Csv, fileName),
            Negotiation.Atom => await ChangeFeed.Get(jurisdiction, null, http, urls, reads, templates, config, clock, token),
            _ => null,
        };
    }

    [WolverineGet("/catalogue")]
    public static async Task<IResult> Catalogue(string? jurisdiction, string? include, string? issuer, string? on, string? groupBy, HttpContext http,
        Cluster.StaleReads reads, PublicUrls urls, IConfiguration config, TimeProvider clock, CancellationToken token)
    {
        var type = Negotiation.Choose(http, ListTypes);
        await using var session = reads.Open();
        var jurisdictions = await Jurisdictions(session, token);
        var j = string.IsNullOrWhiteSpace(jurisdiction) ? jurisdictions.FirstOrDefault()?.Code ?? "" : jurisdiction.Trim();
        if (!JurisdictionQuery.TryResolve(j, include, out var scope, out _, notFound: true) || scope is null) return DocumentPage.NotFound(http);
        var error = DocumentReads.TryParseOn(on, clock, out var date) ? null : "日期格式应为 YYYY-MM-DD，已按今天查询";
        if (error is not null) date = RegisterCalendar.Today(clock.GetUtcNow());
        var view = await PublishCatalogueEndpoint.Build(session, scope, string.IsNullOrWhiteSpace(issuer) ? null : issuer.Trim(), date, groupBy == "year" ? "year" : "issuer", urls, token);
        var how = include is "parents" or "children" ? include : "";
        if (error is null && await Negotiated(http, type, view, "catalogue", $"catalogue-{date:yyyy-MM-dd}", scope.Code, urls, reads, config, clock, token) is { } other) return other;
        var links = Links("/publish/catalogue", ("jurisdiction", scope.Code), ("include", how), ("issuer", issuer), ("on", Printed.Iso(date)), ("groupBy", groupBy));
        return SitePages.Render(http, "site-catalogue.html", view.Heading, new CataloguePageView(view, jurisdictions, scope.Code, how, issuer, links, error), error is null ? 200 : 400);
    }

    [WolverineGet("/changes")]
    public static async Task<IResult> Changes(string? jurisdiction, string? from, string? to, HttpContext http, IQuerySession session, PublicUrls urls,
        Cluster.StaleReads reads, IConfiguration config, TimeProvider clock, CancellationToken token)
    {
        var type = Negotiation.Choose(http, ListTypes);
        var jurisdictions = await Jurisdictions(session, token);
        var j = string.IsNullOrWhiteSpace(jurisdiction) ? jurisdictions.FirstOrDefault()?.Code ?? "" : jurisdiction.Trim();
        if (!JurisdictionQuery.TryResolve(j, null, out var scope, out _, notFound: true) || scope is null) return DocumentPage.NotFound(http);
        var today = RegisterCalendar.Today(clock.GetUtcNow());
        string? error = null;
        if (!DocumentReads.TryParseOn(to, clock, out var end)) (error, end) = ("日期格式应为 YYYY-MM-DD", today);
        if (string.IsNullOrWhiteSpace(to) && string.IsNullOrWhiteSpace(from))
        {
            // Open on the most recent changes: the year up to the register's last change, not an empty window up to today.
            var codes = scope.Codes.ToArray();
            var last = await session.Query<Document>().Where(d => d.Jurisdiction.IsOneOf(codes) && d.InForceUntil <= today && d.Kind != DocumentKind.Other)
                .OrderByDescending(d => d.InForceUntil).Take(1).ToListAsync(token);
            if (last is [{ InForceUntil: { } latest }]) end = latest;
        }
        var start = end.AddYears(-1);
        if (!string.IsNullOrWhiteSpace(from) && !DocumentReads.TryParseOn(from, clock, out start)) (error, start) = ("日期格式应为 YYYY-MM-DD", end.AddYears(-1));
        var view = await PublishChangesEndpoint.Build(session, scope, start, end, urls, token);
        if (error is null && await Negotiated(http, type, view, "changes", $"changes-{start:yyyy-MM-dd}-{end:yyyy-MM-dd}", scope.Code, urls, reads, config, clock, token) is { } other) return other;
        var links = Links("/publish/changes", ("jurisdiction", scope.Code), ("from", Printed.Iso(start)), ("to", Printed.Iso(end)));
        return SitePages.Render(http, "site-changes.html", view.Heading, new ChangesPageView(view, jurisdictions, scope.Code, links, error), error is null ? 200 : 400);
    }

    /// <summary>A decision lives at its document's permanent URI (the page shows its annex rows): the id answers with a permanent redirect.</summary>
    [WolverineGet("/decisions/{id}")]
    public static async Task<IResult> Decision(string id, HttpContext http, IQuerySession session, CancellationToken token)
    {
        Decision? d;
        if (Guid.TryParse(id, out var guid)) d = await session.LoadAsync<Decision>(guid, token);
        else
        {
            // /decisions/{number}: the decision with that number, when only one jurisdiction has one.
            if (!Domain.Numbers.DocumentNumber.TryParse(id, out var number)) return DocumentPage.NotFound(http);
            var key = number.Key;
            var found = await session.Query<Decision>().Where(x => x.NumberKey == key).Take(2).ToListAsync(token);
            d = found.Count == 1 ? found[0] : null;
        }
        if (d is null) return DocumentPage.NotFound(http);
        return Results.Redirect(Eli.Of(d.Jurisdiction, d.Number, d.DocumentId) + http.Request.QueryString, permanent: true);
    }

    /// <summary>What a decision's page shows below the decision itself: each annex row, what it matched, and what the cleanup left out.</summary>
    public static async Task<DecisionPageView> DecisionView(Decision d, HttpContext http, IQuerySession session, CancellationToken token)
    {
        var outcomes = d.Outcomes.ToDictionary(o => (o.Action, o.Seq));
        // The row's verb as written, the parts it names, or that it is listed for reference only.
        static string Acted(DecisionItem i) => i.Reference ? $"列明备查（{i.Verb ?? "已失效"}）"
            : (i.Verb ?? Printed.Action(i.Action)) + (i.Scope is { IsEmpty: false } s ? $"：{s.Describe()}" : "");
        var items = d.Items.Select(i => outcomes.TryGetValue((i.Action, i.Seq), out var o)
            ? new DecisionItemView(i.Seq, Acted(i), i.Title, o.Number ?? i.Number ?? "", $"/documents/{o.DocumentId}", o.Match switch
            {
                MatchKind.Number => "按文号匹配",
                MatchKind.Title => $"按标题匹配（{o.Score:0.00}）",
                MatchKind.Resolved => "人工确认",
                _ => "据本决定新建",
            })
            : new DecisionItemView(i.Seq, Acted(i), i.Title, i.Number ?? "", null, "")).ToList();
        var named = d.Outcomes.Select(o => o.DocumentId).ToHashSet();
        var (day, inForce, notMentioned, _) = await Decisions.GetDecisionCoverageEndpoint.Compute(session, d.Jurisdiction, d.Issuers, d.EffectiveOn,
            d.DocumentId, named, byIssuer: true, token);
        var links = Links($"/publish/decisions/{Uri.EscapeDataString(d.Number)}", ("jurisdiction", d.Jurisdiction));
        return new DecisionPageView(d.Id.ToString(), d.Number, d.Title, Divisions.NameOf(d.Jurisdiction), Printed.Date(d.SignedOn),
            Printed.Date(d.EffectiveOn), d.State == DecisionState.Applied ? "已执行" : "草案", Eli.Of(d.Jurisdiction, d.Number, d.DocumentId), items, links)
        {
            Coverage = $"本次清理未涉及的现行有效文件{notMentioned.Count}件（{Printed.Date(day)}发文机关现行有效{inForce}件）",
            CoverageUrl = $"/api/decisions/{d.Id}/coverage",
            Message = http.User.Identity?.IsAuthenticated == true && http.Request.Query["done"] == "applied"
                ? $"已执行：{string.Join("、", d.Counts().Where(c => c.Value > 0).Select(c => $"{Printed.Action(c.Key)}{c.Value}件"))}，登记簿已据此登记。" : "",
        };
    }

    /// <summary>The jurisdictions that hold documents, as divisions (code order: province, then its cities and counties).</summary>
    public static async Task<IReadOnlyList<JurisdictionOption>> Jurisdictions(IQuerySession session, CancellationToken token) =>
        [.. (await PolicyRegister.Web.Jurisdictions.HeldJurisdictions.Codes(session, token)).Select(code => new JurisdictionOption(code, Divisions.NameOf(code)))];

    private static ListLinks Links(string path, params (string, string?)[] query) =>
        new(SitePages.Url(path, query), SitePages.Url(path, [.. query, ("format", "txt")]), SitePages.Url(path, [.. query, ("format", "csv")]));
}
