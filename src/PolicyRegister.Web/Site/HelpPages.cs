using Wolverine.Http;

namespace PolicyRegister.Web.Site;

public sealed record FeedLink(string Name, string Url);

public sealed record FeedPageView(string AllUrl, IReadOnlyList<FeedLink> ByJurisdiction);

public sealed record OpenDataPageView(string Base);

/// <summary>
/// Pages for people about the machine-readable forms: "订阅变更" explains the Atom feed and offers its addresses (a
/// browser shown raw XML helps nobody), and "开放数据和接口" explains the public API and open data in Chinese, with the
/// OpenAPI reference behind it.
/// </summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class HelpPages
{
    [WolverineGet("/feed")]
    public static async Task<IResult> Feed(HttpContext http, PublicUrls urls, Cluster.StaleReads reads, CancellationToken token)
    {
        await using var session = reads.Open();
        var held = await RegisterPages.Jurisdictions(session, token);
        return SitePages.Render(http, "site-feed.html", "订阅变更", new FeedPageView(urls.Absolute("/feed.atom"),
            [.. held.Select(j => new FeedLink(j.Name, urls.Absolute(SitePages.Url("/feed.atom", ("jurisdiction", j.Code)))))]));
    }

    [WolverineGet("/open-data")]
    public static IResult OpenData(HttpContext http, PublicUrls urls) =>
        SitePages.Render(http, "site-open-data.html", "开放数据和接口", new OpenDataPageView(urls.Base));
}
