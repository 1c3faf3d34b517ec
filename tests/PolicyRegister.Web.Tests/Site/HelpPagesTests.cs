using System.Net;
using System.Text.Json.Nodes;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Site;

/// <summary>The feed and the API explained to people in Chinese; the API reference lists the API only; a bad query in a browser gets a page.</summary>
[Collection(RegisterCollection.Name)]
public class HelpPagesTests(RegisterApp app)
{
    private HttpClient Browser()
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        return client;
    }

    [Fact]
    public async Task when_a_reader_follows_subscribe_they_should_get_a_page_explaining_the_feed_with_its_addresses()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "订政规发〔2024〕1号", "某某县订阅测试办法", "2024-01-16", new { on = "2024-02-01" }));
        var home = await Browser().GetStringAsync("/");
        home.Should().Contain("<a href=\"/feed\">订阅变更</a>").And.Contain("<a href=\"/open-data\">开放数据和接口</a>");
        var response = await Browser().GetAsync("/feed");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain("Atom").And.Contain("/feed.atom\"").And.Contain($"/feed.atom?jurisdiction={jurisdiction}");
        // Each address on the page is a feed that parses.
        var feed = await app.Anonymous().GetStringAsync($"/feed.atom?jurisdiction={jurisdiction}");
        System.Xml.Linq.XDocument.Parse(feed).Root!.Name.LocalName.Should().Be("feed");
    }

    [Fact]
    public async Task when_the_api_page_is_opened_it_should_explain_the_public_api_and_the_reference_should_list_no_form_posts()
    {
        var page = await Browser().GetStringAsync("/open-data");
        page.Should().Contain("公开接口").And.Contain("/api/documents/{id}/status").And.Contain("href=\"/api/docs\"").And.Contain("/data/register.csv");

        var paths = JsonNode.Parse(await app.Anonymous().GetStringAsync("/api/openapi/v1.json"))!["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.Should().Contain("/api/documents/{id}/status").And.Contain("/api/decisions").And.Contain("/data/register.csv").And.Contain("/feed.atom");
        paths.Should().NotContain(p => p.StartsWith("/staff"), "the workspace's forms are not API operations");
        paths.Should().NotContain(["/", "/catalogue", "/changes", "/feed", "/open-data", "/documents/{id}"], "pages for people are not API operations");
    }

    [Fact]
    public async Task when_a_browser_sends_a_bad_query_it_should_get_a_chinese_page_and_an_api_client_a_problem()
    {
        var page = await Browser().GetAsync("/?q=%01");
        page.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync()).Should().Contain("请求有误").And.Contain("控制字符");

        var api = await app.Anonymous().GetAsync("/api/documents?q=%01");
        api.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        api.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await Given.Problem(api))["errors"]!["q"].Should().NotBeNull();
    }
}
