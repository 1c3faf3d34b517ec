using System.Net.Http.Json;
using Microsoft.Playwright;
using PolicyRegister.Browser.Tests.Fixtures;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Browser.Tests;

/// <summary>What a reviewer and a reader see of the decision-safety rules, in the browser.</summary>
[Collection(BrowserCollection.Name)]
public class DecisionSafetyPageTests(BrowserFixture fixture)
{
    private BrowserApp App => fixture.App;

    [Fact]
    public async Task when_a_pasted_row_matches_by_number_but_not_by_title_the_reviewer_should_confirm_it_before_applying()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(App.Api(RegisterApp.ClerkKey),
            Given.Document(jurisdiction, "卫政办发〔2019〕1号", "中卫市城市绿化管理办法", "2019-01-10", new { on = "2019-02-01" }));
        var page = await App.Page();
        await StaffPages.SignIn(page, RegisterApp.StaffReviewer);

        await page.GotoAsync("/staff/decisions/new");
        await page.GetByLabel("决定文号").FillAsync("测规发[2024]11号");
        await page.GetByLabel("管辖区").FillAsync(jurisdiction);
        await page.GetByLabel("发文机关").FillAsync("中卫市人民政府");
        await page.GetByLabel("决定标题").FillAsync("中卫市人民政府关于废止行政规范性文件的决定");
        await page.GetByLabel("印发日期").FillAsync("2024-06-20");
        await page.GetByLabel("施行", new() { Exact = true }).SelectOptionAsync("on_signing");
        await page.GetByLabel("决定废止的目录").FillAsync("1\t完全不相干的标题\t卫政办发〔2019〕1号");
        await page.GetByLabel("登记理由").FillAsync("清理");
        await page.GetByRole(AriaRole.Button, new() { Name = "预览匹配结果" }).ClickAsync();
        await page.Locator("#preview").WaitForAsync();
        var preview = await page.Locator("#preview").InnerTextAsync();
        preview.Should().Contain("标题不符").And.Contain("中卫市城市绿化管理办法");

        // Until the row is confirmed the decision cannot be applied.
        (await page.Locator("#apply").IsDisabledAsync()).Should().BeTrue();
        (await Given.Get(App.Public(), $"/api/documents/{id}/status?on=2024-07-01"))["status"]!.GetValue<string>().Should().Be("in_force");

        await page.GetByLabel("第1项的文件").SelectOptionAsync(id.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "预览匹配结果" }).ClickAsync();
        await page.Locator("#preview").WaitForAsync();
        (await page.Locator("#preview").InnerTextAsync()).Should().Contain("已人工确认");
        var applied = await page.RunAndWaitForResponseAsync(() => page.Locator("#apply").ClickAsync(), r => r.Url.EndsWith("/staff/decisions/new") && r.Request.Method == "POST");
        applied.Status.Should().Be(302, await page.Locator("main").InnerTextAsync());
        (await Given.Get(App.Public(), $"/api/documents/{id}/status?on=2024-07-01"))["status"]!.GetValue<string>().Should().Be("repealed");
    }

    [Fact]
    public async Task when_a_reader_opens_a_document_whose_text_term_may_have_passed_the_page_should_say_so()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(App.Api(RegisterApp.ClerkKey), Given.Document(jurisdiction, "卫政规发〔2024〕1号",
            "中卫市人民政府关于印发《中卫市航空运输发展专项资金管理办法》的通知", "2024-01-16", new { on = "2024-02-17" }, new { text = "2027年夏秋航季结束" }));
        var page = await App.Page();
        await page.GotoAsync($"/documents/{id}?on=2028-01-01");
        (await page.Locator("[role=status]").InnerTextAsync()).Should().Be("现行有效");
        (await page.Locator("[role=note]").InnerTextAsync()).Should().Contain("待核定，可能已届满").And.Contain("2027年10月30日");
        await page.GotoAsync($"/documents/{id}?on=2026-01-01");
        (await page.Locator("[role=note]").CountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task when_a_reader_prints_a_decision_notice_it_should_carry_the_decisions_own_effective_clause()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(App.Api(RegisterApp.ClerkKey), Given.Document(jurisdiction, "卫政办发〔2019〕3号", "中卫市户外广告管理办法", "2019-01-10", new { on = "2019-02-01" }));
        var response = await App.Api(RegisterApp.ReviewerKey).PostAsJsonAsync("/api/decisions", new
        {
            number = "测规发〔2024〕12号", title = "中卫市人民政府关于废止行政规范性文件的决定", issuers = new[] { "中卫市人民政府" }, jurisdiction,
            signedOn = "2024-06-20", effective = new { on = "2024-07-01" },
            items = new[] { new { action = "repeal", seq = 1, title = "中卫市户外广告管理办法", number = "卫政办发〔2019〕3号" } }, reason = "清理",
        });
        response.EnsureSuccessStatusCode();
        var page = await App.Page();
        await page.GotoAsync($"/publish/decisions/{Uri.EscapeDataString("测规发〔2024〕12号")}?jurisdiction={jurisdiction}");
        (await page.Locator("body").InnerTextAsync()).Should().Contain("本决定自2024年7月1日起施行").And.NotContain("自公布之日起施行");
    }
}
