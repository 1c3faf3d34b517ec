using System.Net;
using System.Net.Http.Headers;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Site;

/// <summary>The public site answers first: since and until in one line, the latest changes, pages for people, JSON for programs.</summary>
[Collection(RegisterCollection.Name)]
public class PublicAnswerTests(RegisterApp app)
{
    [Fact]
    public async Task when_documents_are_registered_in_divisions_the_catalogue_should_offer_each_division_once_in_code_order()
    {
        // Two divisions, three documents: each division is offered once, wherever it falls among the others.
        var first = Given.Jurisdiction();
        var second = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(first, "辖政规发〔2023〕1号", "某某县第一办法", "2023-01-10", new { on = "2023-02-01" }));
        await Given.Registered(app.Clerk(), Given.Document(first, "辖政规发〔2023〕2号", "某某县第二办法", "2023-01-10", new { on = "2023-02-01" }));
        await Given.Registered(app.Clerk(), Given.Document(second, "辖政规发〔2023〕3号", "某某县第三办法", "2023-01-10", new { on = "2023-02-01" }));
        var page = await app.Anonymous().GetStringAsync($"/catalogue?jurisdiction={first}");
        var offered = System.Text.RegularExpressions.Regex.Matches(page, "<option value=\"(\\d+)\"").Select(m => m.Groups[1].Value).ToList();
        offered.Should().Contain([first, second]).And.OnlyHaveUniqueItems().And.BeInAscendingOrder(StringComparer.Ordinal);
        offered.Count(c => c == first).Should().Be(1);
    }

    [Fact]
    public async Task when_a_document_has_a_term_its_status_line_should_say_since_and_until()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "答政规发〔2023〕1号", "某某县停车收费管理办法", "2023-01-10",
            new { on = "2023-02-01" }, new { on = "2027-12-31" }));
        var page = await app.Anonymous().GetStringAsync($"/documents/{id}?on=2024-06-01");
        page.Should().Contain("自2023年2月1日起施行，有效期至2027年12月31日");
    }

    [Fact]
    public async Task when_a_term_ends_within_ninety_days_the_public_catalogue_should_mark_it()
    {
        var jurisdiction = Given.Jurisdiction();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "答政规发〔2023〕3号", "某某县消费补贴办法", "2023-01-10",
            new { on = "2023-02-01" }, new { on = today.AddDays(60).ToString("yyyy-MM-dd") }));
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "答政规发〔2023〕4号", "某某县养老服务办法", "2023-01-10",
            new { on = "2023-02-01" }, new { on = today.AddDays(400).ToString("yyyy-MM-dd") }));
        var page = await app.Anonymous().GetStringAsync($"/catalogue?jurisdiction={jurisdiction}");
        var soon = page.IndexOf("某某县消费补贴办法", StringComparison.Ordinal);
        var later = page.IndexOf("某某县养老服务办法", StringComparison.Ordinal);
        page.Split("即将届满").Length.Should().Be(2, "one row ends within 90 days");
        var mark = page.IndexOf("即将届满", StringComparison.Ordinal);
        (soon < later ? mark > soon && mark < later : mark > soon).Should().BeTrue("the mark stands in the row whose term ends soon");
    }

    [Fact]
    public async Task when_a_browser_asks_for_an_unknown_address_it_should_get_a_page_in_chinese_and_a_program_problem_details()
    {
        var browser = app.Anonymous();
        browser.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var page = await browser.GetAsync("/no/such/page");
        page.StatusCode.Should().Be(HttpStatusCode.NotFound);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync()).Should().Contain("未找到该页面");

        var api = await app.Anonymous().GetAsync("/api/no/such/thing");
        api.StatusCode.Should().Be(HttpStatusCode.NotFound);
        api.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task when_the_last_change_is_older_than_a_year_the_changes_page_should_open_on_it()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "答政规发〔2015〕2号", "某某县旧城改造管理办法", "2015-01-10", new { on = "2015-02-01" }));
        await Given.Post(app.Reviewer(), $"/api/documents/{id}/repeal", new { version, on = "2018-05-01", basis = new { number = "答政发〔2018〕1号" }, reason = "废止" });
        var page = await app.Anonymous().GetStringAsync($"/changes?jurisdiction={jurisdiction}");
        page.Should().Contain("某某县旧城改造管理办法", "the page opens on the year up to the last change, not an empty year up to today");
        page.Should().Contain("2018年5月1日");
    }
}
