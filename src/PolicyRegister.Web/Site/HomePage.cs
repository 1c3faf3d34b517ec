using Marten;
using Marten.Pagination;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Publishing;
using Wolverine.Http;

namespace PolicyRegister.Web.Site;

public sealed record SearchResult(string Url, string Title, string Number, string Issuers, string Jurisdiction, string SignedOn, Badge Badge, string Basis)
{
    /// <summary>全文检索: the snippet around the words (before, the words, after) and the article they stand in.</summary>
    public string Before { get; init; } = "";
    public string Words { get; init; } = "";
    public string After { get; init; } = "";
    public string PartLabel { get; init; } = "";
}

public sealed record HomeView(string Query, bool Searched, bool ByNumber, long Total, IReadOnlyList<SearchResult> Results, IReadOnlyList<JurisdictionOption> Jurisdictions, string? Error)
{
    /// <summary>标题 (title, the default) or 全文 (text).</summary>
    public bool InText { get; init; }

    /// <summary>The total is a lower bound: counting stopped there (a common word inside the texts).</summary>
    public bool TotalCapped { get; init; }
}

/// <summary>GET /: one box that takes a number in any written form or words of a title.</summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class HomePage
{
    [WolverineGet("/")]
    public static async Task<IResult> Get(string? q, HttpContext http, Cluster.StaleReads reads, TimeProvider clock, CancellationToken token)
    {
        await using var session = reads.Open();
        var today = RegisterCalendar.Today(clock.GetUtcNow());
        var jurisdictions = await RegisterPages.Jurisdictions(session, token);
        var text = (q ?? "").Trim();
        if (text.Length == 0) return SitePages.Render(http, "site-home.html", "规范性文件效力查询", new HomeView("", false, false, 0, [], jurisdictions, null));
        if (text.Length > 100) return SitePages.Render(http, "site-home.html", "规范性文件效力查询", new HomeView(text[..100], true, false, 0, [], jurisdictions, "检索词过长，最多100个字符"), 400);

        if (http.Request.Query["in"] == "text")
        {
            var inTexts = await Documents.TextSearch.Find(session, null, null, text, 0, 50, token);
            var hits = inTexts.Items.Select(m => Result(m.Document, today) with
            {
                Url = m.Match.Part is { } part ? $"{Eli.Of(m.Document)}#{part}" : Eli.Of(m.Document),
                Before = m.Match.Snippet[..m.Match.Start], Words = m.Match.Snippet.Substring(m.Match.Start, m.Match.Length),
                After = m.Match.Snippet[(m.Match.Start + m.Match.Length)..], PartLabel = m.Match.PartLabel ?? "",
            }).ToList();
            return SitePages.Render(http, "site-home.html", $"全文含“{text}”的文件", new HomeView(text, true, false, inTexts.Total, hits, jurisdictions, null) { InText = true, TotalCapped = inTexts.TotalCapped });
        }
        var number = NumberQuery.Read(text);
        if (number is null)
        {
            var inTitles = await TitleSearch.Find(session, null, null, text, 0, 50, null, token);
            return SitePages.Render(http, "site-home.html", $"“{text}”的检索结果",
                new HomeView(text, true, false, inTitles.Total, [.. inTitles.Items.Select(d => Result(d, today))], jurisdictions, null) { TotalCapped = inTitles.TotalCapped });
        }
        var found = await SearchDocumentsEndpoint.Filter(session.Query<Document>(), number, null, null, null, null, null, today)
            .OrderBySql(SearchDocumentsEndpoint.ListOrder).ToPagedListAsync(1, 50, token);
        // A number names one document: go straight to it.
        if (number.Exact is not null && found.Count == 1) return Results.Redirect(Eli.Of(found[0]));

        var results = found.Select(d => Result(d, today)).ToList();
        return SitePages.Render(http, "site-home.html", $"“{text}”的检索结果", new HomeView(text, true, true, found.TotalItemCount, results, jurisdictions, null));
    }

    public static SearchResult Result(Document d, DateOnly on)
    {
        var a = Validity.On(d, on);
        return new SearchResult(Eli.Of(d), d.Title, d.Number ?? "（无文号）", string.Join("、", d.Issuers), Domain.Jurisdictions.Divisions.NameOf(d.Jurisdiction), Printed.Date(d.SignedOn),
            SitePages.BadgeOf(a), SitePages.BasisLine(a));
    }
}
