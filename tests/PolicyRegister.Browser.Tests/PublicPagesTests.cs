using System.Net.Http.Json;
using Microsoft.Playwright;
using PolicyRegister.Browser.Tests.Fixtures;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Browser.Tests;

[Collection(BrowserCollection.Name)]
public class PublicPagesTests(BrowserFixture fixture)
{
    private BrowserApp App => fixture.App;

    /// <summary>卫政规发〔2024〕123号 → /2024/卫政规发/123, the end of its permanent URI.</summary>
    private static string Eli(string number) => $"/2024/卫政规发/{number[(number.IndexOf('〕') + 1)..^1]}";

    private async Task<(Guid Id, string Jurisdiction, string Number)> FlightDocument(string? title = null)
    {
        var jurisdiction = Given.Jurisdiction();
        var serial = Random.Shared.Next(100, 99999);
        var number = $"卫政规发〔2024〕{serial}号";
        var (id, _) = await Given.Registered(App.Api(RegisterApp.ClerkKey), Given.Document(jurisdiction, number,
            title ?? "中卫市人民政府关于印发《中卫市航空运输发展专项资金管理办法》的通知", "2024-01-16",
            effective: new { on = "2024-02-17" }, expires: new { text = "2027年夏秋航季结束" }));
        return (id, jurisdiction, number);
    }

    [Fact]
    public async Task when_a_citizen_searches_a_bracket_variant_of_a_number_they_should_land_on_the_document()
    {
        var (id, _, number) = await FlightDocument();
        var variant = "（" + number.Replace('〔', '［').Replace('〕', '］').Replace("号", " 号") + "）";
        var page = await App.Page();

        await page.GotoAsync("/");
        await page.GetByLabel("输入文号或标题中的字词").FillAsync(variant);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();

        await page.WaitForURLAsync(url => Uri.UnescapeDataString(url).EndsWith(Eli(number)));
        (await page.Locator("h1").InnerTextAsync()).Should().Be("中卫市人民政府关于印发《中卫市航空运输发展专项资金管理办法》的通知");
        (await page.Locator("[role=status]").InnerTextAsync()).Should().Be("现行有效");
        await page.ScreenshotAsync(new() { Path = BrowserApp.Screenshot("document-desktop.png"), FullPage = true });
    }

    [Fact]
    public async Task when_a_citizen_picks_a_past_date_the_status_should_change()
    {
        var (id, _, _) = await FlightDocument();
        var page = await App.Page();
        await page.GotoAsync($"/documents/{id}");
        (await page.Locator("[role=status]").InnerTextAsync()).Should().Be("现行有效");

        await page.GetByLabel("在…是否有效").FillAsync("2024-02-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询该日效力" }).ClickAsync();

        await page.WaitForURLAsync("**on=2024-02-01");
        (await page.Locator("[role=status]").InnerTextAsync()).Should().Be("尚未生效");
        (await page.Locator("main").InnerTextAsync()).Should().Contain("2024年2月1日").And.Contain("自2024年2月17日起施行");
    }

    [Fact]
    public async Task when_a_title_holds_a_script_every_page_should_show_it_as_text()
    {
        const string hostile = "关于<script>window.__pwned=1</script>的通知<img src=x onerror=window.__pwned=2>";
        var (id, jurisdiction, number) = await FlightDocument(hostile);
        var page = await App.Page();
        foreach (var url in new[]
        {
            $"/documents/{id}", $"/?q={Uri.EscapeDataString("<script>")}", $"/catalogue?jurisdiction={Uri.EscapeDataString(jurisdiction)}&on=2024-03-01",
            $"/publish/catalogue?jurisdiction={Uri.EscapeDataString(jurisdiction)}&on=2024-03-01", $"/publish/documents/{id}/certificate?on=2024-03-01",
        })
        {
            await page.GotoAsync(url);
            (await page.EvaluateAsync<bool>("() => window.__pwned === undefined")).Should().BeTrue(url);
            (await page.Locator("body").InnerTextAsync()).Should().Contain("<script>window.__pwned=1</script>", url);
        }
        var feed = await App.FeedContaining(jurisdiction, "新登记");
        feed.Should().Contain("&lt;script&gt;").And.NotContain("<script>");
        System.Xml.Linq.XDocument.Parse(feed).Root!.Name.LocalName.Should().Be("feed");
    }

    [Fact]
    public async Task when_the_home_page_and_a_document_are_shown_on_a_phone_nothing_should_overflow()
    {
        var (id, _, _) = await FlightDocument();
        foreach (var (name, width, url) in new[] { ("home-desktop.png", 1280, "/"), ("home-phone.png", 390, "/"), ("document-phone.png", 390, $"/documents/{id}") })
        {
            var page = await App.Page(width, 844);
            await page.GotoAsync(url);
            (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1")).Should().BeTrue(name);
            await page.ScreenshotAsync(new() { Path = BrowserApp.Screenshot(name), FullPage = true });
        }
    }

    [Fact]
    public async Task when_the_printable_catalogue_and_notice_are_shown_at_a4_width_they_should_not_overflow()
    {
        var jurisdiction = Given.Jurisdiction();
        var reviewer = App.Api(RegisterApp.ReviewerKey);
        var decision = ZhongweiDecisions.Load("卫政规发〔2023〕2号", jurisdiction);
        (await reviewer.PostAsJsonAsync("/api/decisions", decision)).EnsureSuccessStatusCode();
        await Given.Registered(reviewer, Given.Document(jurisdiction, "卫政规发〔2024〕1号", "中卫市人民政府关于印发《中卫市航空运输发展专项资金管理办法》的通知", "2024-01-16",
            effective: new { on = "2024-02-17" }, expires: new { text = "2027年夏秋航季结束" }));

        // A4 at 96 dpi is 794 px wide.
        foreach (var (name, url) in new[]
        {
            ("catalogue-a4.png", $"/publish/catalogue?jurisdiction={Uri.EscapeDataString(jurisdiction)}&on=2024-07-04"),
            ("notice-a4.png", $"/publish/decisions/{Uri.EscapeDataString("卫政规发〔2023〕2号")}?jurisdiction={Uri.EscapeDataString(jurisdiction)}"),
        })
        {
            var page = await App.Page(794, 1123);
            await page.GotoAsync(url);
            (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(794, name);
            (await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('table')].every(t => t.scrollWidth <= t.clientWidth + 1)")).Should().BeTrue(name);
            await page.ScreenshotAsync(new() { Path = BrowserApp.Screenshot(name), FullPage = false });
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).Should().BeLessThanOrEqualTo(794, name + " in print");
        }
    }

    [Fact]
    public async Task when_a_notice_is_printed_its_pages_should_carry_numbers_between_dashes()
    {
        var jurisdiction = Given.Jurisdiction();
        (await App.Api(RegisterApp.ReviewerKey).PostAsJsonAsync("/api/decisions", ZhongweiDecisions.Load("卫政规发〔2023〕2号", jurisdiction))).EnsureSuccessStatusCode();
        var page = await App.Page(794, 1123);
        await page.GotoAsync($"/publish/decisions/{Uri.EscapeDataString("卫政规发〔2023〕2号")}?jurisdiction={Uri.EscapeDataString(jurisdiction)}");
        var pdf = Path.Combine(Path.GetTempPath(), $"notice-{Guid.NewGuid():N}.pdf");
        await page.PdfAsync(new() { Path = pdf, PreferCSSPageSize = true });
        var text = PdfText(pdf);
        File.Delete(pdf);
        // pdftotext may drop the spaces around the number.
        text.Should().MatchRegex(@"—\s*1\s*—").And.MatchRegex(@"—\s*2\s*—", "the 2023 notice lists dozens of documents over several pages");
        // 文号 keeps one line: every number of the annex appears whole in the extracted text.
        foreach (var (number, _) in ZhongweiDecisions.Items(ZhongweiDecisions.Load("卫政规发〔2023〕2号", jurisdiction)).Where(i => i.Number.Length > 0).Take(10))
            text.Should().Contain(number);
    }

    [Fact]
    public async Task when_a_document_s_text_is_printed_it_should_keep_the_text_and_page_numbers_and_leave_the_site_s_controls_out()
    {
        var (id, jurisdiction, number) = await FlightDocument();
        var articles = string.Join("\n", Enumerable.Range(1, 40).Select(n => $"第{Numerals(n)}条　专项资金用于航线培育和航班保证金，由市财政局会同有关部门按年度核定并公示，接受审计监督。"));
        var version = (await Given.Get(App.Api(RegisterApp.ClerkKey), $"/api/documents/{id}"))["version"]!.GetValue<long>();
        await Given.Post(App.Api(RegisterApp.ClerkKey), $"/api/documents/{id}/text", new { version, text = "中卫市航空运输发展专项资金管理办法\n第一章　总则\n" + articles, reason = "据公报登记全文" });
        var page = await App.Page(794, 1123);
        await page.GotoAsync($"/eli/{jurisdiction}{Eli(number)}");
        var pdf = Path.Combine(Path.GetTempPath(), $"text-{Guid.NewGuid():N}.pdf");
        await page.PdfAsync(new() { Path = pdf, PreferCSSPageSize = true });
        var text = PdfText(pdf);
        File.Delete(pdf);
        text.Should().Contain("第一章").And.Contain("第四十条").And.MatchRegex(@"—\s*1\s*—").And.MatchRegex(@"—\s*2\s*—", "forty articles fill more than one page");
        text.Should().NotContain("工作人员登录", "the site's navigation is not printed").And.NotContain("打印效力状态证明", "nor its buttons");
    }

    private static string Numerals(int n) => n switch
    {
        <= 10 => "一二三四五六七八九十"[n - 1].ToString(),
        < 20 => "十" + "一二三四五六七八九"[n - 11],
        _ => "一二三四五六七八九"[n / 10 - 1] + "十" + (n % 10 == 0 ? "" : "一二三四五六七八九"[n % 10 - 1].ToString()),
    };

    private static string PdfText(string pdf)
    {
        var start = new System.Diagnostics.ProcessStartInfo("pdftotext", ["-layout", pdf, "-"]) { RedirectStandardOutput = true };
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("pdftotext (poppler-utils) is missing: ./build.sh test installs it");
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return text;
    }
}
