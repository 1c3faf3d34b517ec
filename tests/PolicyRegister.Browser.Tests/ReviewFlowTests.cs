using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using PolicyRegister.Browser.Tests.Fixtures;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Browser.Tests;

/// <summary>Four eyes in the browser: what a clerk ends becomes a proposal, an uploaded gazette becomes a draft; a reviewer decides.</summary>
[Collection(BrowserCollection.Name)]
public class ReviewFlowTests(BrowserFixture fixture)
{
    private BrowserApp App => fixture.App;

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task when_a_clerk_repeals_a_document_in_the_workspace_it_should_wait_for_a_reviewer(int width)
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(App.Api(RegisterApp.ClerkKey),
            Given.Document(jurisdiction, $"卫政规发〔2019〕{width}号", "中卫市城市绿化管理办法", "2019-03-01", effective: new { on = "2019-04-01" }));

        // The API refuses a clerk's key outright.
        var direct = await App.Api(RegisterApp.ClerkKey).PostAsJsonAsync($"/api/documents/{id}/repeal",
            new { version, on = "2025-07-01", basis = new { number = "卫政规发〔2025〕1号" }, reason = "据清理决定" });
        direct.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var clerk = await App.Page(width, 844);
        await StaffPages.SignIn(clerk, RegisterApp.StaffClerk);
        await clerk.GotoAsync($"/staff/documents/{id}/facts");
        (await clerk.GetByLabel("事项").InputValueAsync()).Should().BeEmpty("no risky default");
        await clerk.GetByLabel("事项").SelectOptionAsync("repeal");
        await clerk.GetByLabel("生效日期").FillAsync("2025-07-01");
        await clerk.GetByLabel("依据文件文号").FillAsync("卫政规发〔2025〕1号");
        await clerk.GetByLabel("登记理由").FillAsync("据清理决定");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        await clerk.WaitForURLAsync(url => Uri.UnescapeDataString(url).Contains($"/eli/{jurisdiction}/2019/卫政规发/{width}?proposed="));
        (await clerk.Locator("[role=status]").First.InnerTextAsync()).Should().Contain("已提交审核");
        (await Given.Get(App.Public(), $"/api/documents/{id}/status?on=2025-08-01"))["status"]!.GetValue<string>().Should().Be("in_force", "a proposal ends nothing");
        var proposalUrl = await clerk.GetByRole(AriaRole.Link, new() { Name = "查看提议" }).GetAttributeAsync("href");

        var reviewer = await App.Page(width, 844);
        await StaffPages.SignIn(reviewer, RegisterApp.StaffReviewer);
        await reviewer.GotoAsync(proposalUrl!);
        (await reviewer.Locator("main").InnerTextAsync()).Should().Contain("将登记该文件自2025年7月1日起废止").And.Contain(RegisterApp.StaffClerk.User);
        await reviewer.GetByLabel("审核意见").FillAsync("审核通过");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "确认批准" }).ClickAsync();
        await reviewer.WaitForURLAsync(url => Uri.UnescapeDataString(url).EndsWith($"/eli/{jurisdiction}/2019/卫政规发/{width}"));
        (await reviewer.Locator(".status-line .badge").InnerTextAsync()).Should().Be("已废止");
        (await reviewer.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")).Should().BeLessThanOrEqualTo(0);
    }

    [Fact]
    public async Task when_a_clerk_uploads_a_gazette_as_a_draft_a_reviewer_should_approve_the_import()
    {
        var jurisdiction = Given.Jurisdiction();
        var county = PolicyRegister.Domain.Jurisdictions.Divisions.ByCode(jurisdiction)!.Name;
        var gazette = CountyGazette.Text(jurisdiction, $"物政规发〔2024〕{Random.Shared.Next(10, 9999)}号");
        var clerk = await App.Page();
        await StaffPages.SignIn(clerk, RegisterApp.StaffClerk);
        await clerk.GotoAsync("/staff/imports");
        await clerk.GetByLabel("公报文本文件").SetInputFilesAsync(new FilePayload { Name = "gazette.txt", MimeType = "text/plain", Buffer = System.Text.Encoding.UTF8.GetBytes(gazette) });
        await clerk.GetByRole(AriaRole.Button, new() { Name = "生成导入计划" }).ClickAsync();
        (await clerk.Locator("main").InnerTextAsync()).Should().Contain($"{county}物业管理办法");
        // The line that gives both dates is shown once.
        var evidence = await clerk.Locator("td.meta").First.InnerTextAsync();
        System.Text.RegularExpressions.Regex.Matches(evidence, "有效期至2029年4月30日").Count.Should().Be(1, evidence);
        if (await clerk.Locator("#jurisdiction").CountAsync() > 0) await clerk.Locator("#jurisdiction").SelectOptionAsync(jurisdiction);
        await clerk.GetByLabel("登记理由").FillAsync("据公报导入");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "保存导入草稿并提交审核" }).ClickAsync();
        await clerk.WaitForURLAsync("**/staff/imports/drafts/*?done=submitted");
        var draftUrl = new Uri(clerk.Url).AbsolutePath;
        (await clerk.Locator("#approve").CountAsync()).Should().Be(0, "a clerk cannot approve");

        var reviewer = await App.Page(390, 844);
        await StaffPages.SignIn(reviewer, RegisterApp.StaffReviewer);
        await reviewer.Locator($"a[href='{draftUrl}']").ClickAsync();
        await reviewer.WaitForURLAsync($"**{draftUrl}");
        (await reviewer.Locator("#documents").InnerTextAsync()).Should().Contain("新登记");
        await reviewer.GetByLabel("审核意见").FillAsync("审核通过");
        await reviewer.Locator("#approve").ClickAsync();
        await reviewer.WaitForURLAsync("**?done=approved");
        (await reviewer.Locator("[role=status]").First.InnerTextAsync()).Should().NotBeEmpty();
        var found = await Given.Get(App.Public(), $"/api/documents?jurisdiction={jurisdiction}&q={Uri.EscapeDataString("物业管理办法")}");
        found["total"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public async Task when_a_citizen_types_a_number_in_any_common_form_the_search_should_find_it()
    {
        var jurisdiction = Given.Jurisdiction();
        var serial = Random.Shared.Next(100, 999);
        var (id, _) = await Given.Registered(App.Api(RegisterApp.ClerkKey),
            Given.Document(jurisdiction, $"查政规发〔2024〕{serial}号", "某某县公共资源交易管理办法", "2024-01-16", effective: new { on = "2024-02-17" }));
        var page = await App.Page();
        foreach (var typed in new[] { $"查政规发2024年{serial}号", $"查政规发 2024 {serial}号", $"查政规发〔2024〕{serial}", $"查政规发[2024]{serial}号" })
        {
            await page.GotoAsync("/");
            await page.GetByLabel("输入文号或标题中的字词").FillAsync(typed);
            await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await page.WaitForURLAsync(url => Uri.UnescapeDataString(url).EndsWith($"/eli/{jurisdiction}/2024/查政规发/{serial}"), new() { WaitUntil = WaitUntilState.Commit });
        }
        await page.GotoAsync("/");
        await page.GetByLabel("输入文号或标题中的字词").FillAsync("查政规发〔2024〕");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        var permanent = $"/eli/{jurisdiction}/2024/查政规发/{serial}";
        var listed = Uri.UnescapeDataString(await page.ContentAsync()).Contains($"href=\"{permanent}\"");
        (listed || Uri.UnescapeDataString(page.Url).EndsWith(permanent)).Should().BeTrue("a prefix finds the year's documents of that series (or the one document)");
    }
}
