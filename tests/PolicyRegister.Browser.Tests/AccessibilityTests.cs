using System.Net.Http.Json;
using Microsoft.Playwright;
using PolicyRegister.Browser.Tests.Fixtures;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Browser.Tests;

/// <summary>
/// Every page a person can reach — public, printable (on screen and as printed), error pages and the workspace —
/// checked by axe-core at a desktop (1366 px) and a phone (390 px) width, with a screenshot of each for docs/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AccessibilityTests(BrowserFixture fixture)
{
    private BrowserApp App => fixture.App;

    [Fact]
    public async Task when_axe_checks_every_page_at_desktop_and_phone_width_it_should_find_no_violation()
    {
        var jurisdiction = Given.Jurisdiction();
        var j = Uri.EscapeDataString(jurisdiction);
        var clerk = App.Api(RegisterApp.ClerkKey);
        var reviewer = App.Api(RegisterApp.ReviewerKey);
        (await reviewer.PostAsJsonAsync("/api/decisions", ZhongweiDecisions.Load("卫政规发〔2023〕2号", jurisdiction))).EnsureSuccessStatusCode();
        var (id, version) = await Given.Registered(clerk, Given.Document(jurisdiction, "卫政规发〔2024〕1号",
            "中卫市人民政府关于印发《中卫市航空运输发展专项资金管理办法》的通知", "2024-01-16", effective: new { on = "2024-02-17" }, expires: new { text = "2027年夏秋航季结束" }));
        var (ended, endedVersion) = await Given.Registered(clerk, Given.Document(jurisdiction, "卫政规发〔2019〕7号", "中卫市城市绿化管理办法", "2019-03-01", effective: new { on = "2019-04-01" }));
        await Given.Post(reviewer, $"/api/documents/{ended}/repeal", new { version = endedVersion, on = "2025-07-01", basis = new { number = "卫政规发〔2025〕1号" }, reason = "据清理决定" });
        var decision = (await Given.Get(App.Public(), $"/api/decisions/{Uri.EscapeDataString("卫政规发〔2023〕2号")}?jurisdiction={j}"))["id"]!.GetValue<Guid>();
        var draft = (await Given.Post(clerk, "/api/decisions/drafts", new
        {
            number = "卫政发〔2026〕9号", title = "中卫市人民政府关于废止部分行政规范性文件的决定", issuers = new[] { "中卫市人民政府" }, jurisdiction,
            signedOn = "2026-06-20", effective = new { on = "2026-07-01" },
            items = new[] { new { action = "repeal", seq = 1, title = "中卫市航空运输发展专项资金管理办法", number = "卫政规发〔2024〕1号" } }, reason = "拟稿",
        }))["id"]!.GetValue<Guid>();
        var proposal = (await Given.Post(clerk, $"/api/documents/{id}/proposals",
            new { kind = "repeal", on = "2026-07-01", basis = new { number = "卫政发〔2026〕9号" }, reason = "据清理决定" }))["id"]!.GetValue<Guid>();
        var importDraft = (await Given.Post(clerk, "/api/imports/drafts", new { fileName = "gazette.txt", text = CountyGazette.Text(jurisdiction, "物政规发〔2024〕3号"), jurisdiction, reason = "据公报导入" }))["id"]!.GetValue<Guid>();
        var number = Uri.EscapeDataString("卫政规发〔2023〕2号");

        var pages = new (string Name, string Path, bool Staff)[]
        {
            ("home", "/", false), ("search", $"/?q={Uri.EscapeDataString("航空运输")}", false), ("search-none", $"/?q={Uri.EscapeDataString("没有这样的文件")}", false),
            ("document", $"/documents/{id}", false), ("document-ended", $"/documents/{ended}", false), ("document-on-date", $"/documents/{id}?on=2024-02-01", false),
            ("decision", $"/decisions/{decision}", false), ("catalogue", $"/catalogue?jurisdiction={j}&on=2024-06-01", false), ("changes", $"/changes?jurisdiction={j}", false),
            ("feed", "/feed", false), ("open-data", "/open-data", false), ("not-found", "/no/such/page", false), ("bad-query", "/?q=%01", false),
            ("print-catalogue", $"/publish/catalogue?jurisdiction={j}&on=2024-06-01", false), ("print-changes", $"/publish/changes?jurisdiction={j}&from=2025-01-01&to=2025-12-31", false),
            ("print-notice", $"/publish/decisions/{number}?jurisdiction={j}", false), ("print-certificate", $"/publish/documents/{id}/certificate?on=2024-06-01", false),
            ("sign-in", "/staff/sign-in", false),
            ("staff-home", "/staff", true), ("staff-register", "/staff/documents/new", true), ("staff-decision", "/staff/decisions/new", true),
            ("staff-facts", $"/staff/documents/{id}/facts", true), ("staff-text", $"/staff/documents/{id}/text", true), ("staff-import", "/staff/imports", true), ("staff-draft", $"/staff/drafts/{draft}", true),
            ("staff-draft-notice", $"/staff/drafts/{draft}/notice", true), ("staff-proposal", $"/staff/proposals/{proposal}", true),
            ("staff-import-draft", $"/staff/imports/drafts/{importDraft}", true), ("staff-subscriptions", "/staff/subscriptions", true), ("staff-accounts", "/staff/accounts", true),
        };

        var found = new List<string>();
        foreach (var width in new[] { 1366, 390 })
        {
            var page = await App.Page(width, 900, bypassCsp: true);
            var signedIn = false;
            foreach (var (name, path, staff) in pages)
            {
                if (staff && !signedIn)
                {
                    await StaffPages.SignIn(page, RegisterApp.StaffAdmin);
                    signedIn = true;
                }
                await page.GotoAsync(path);
                found.AddRange((await Axe.Check(page)).Select(v => $"{name}@{width}: {v}"));
                await page.ScreenshotAsync(new() { Path = BrowserApp.Screenshot($"{name}-{width}.png"), FullPage = true });
                if (name.StartsWith("print-"))
                {
                    await page.EmulateMediaAsync(new() { Media = Media.Print });
                    found.AddRange((await Axe.Check(page)).Select(v => $"{name}@print: {v}"));
                    await page.EmulateMediaAsync(new() { Media = Media.Screen });
                }
            }
            // The form pages with their errors shown: the summary, the invalid fields and their messages.
            await page.GotoAsync("/staff/documents/new");
            await page.EvaluateAsync("() => document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))");
            await page.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
            await page.Locator(".error-summary").WaitForAsync();
            found.AddRange((await Axe.Check(page)).Select(v => $"staff-register-errors@{width}: {v}"));
            await page.ScreenshotAsync(new() { Path = BrowserApp.Screenshot($"staff-register-errors-{width}.png"), FullPage = true });
        }
        found.Should().BeEmpty();
    }

    [Fact]
    public async Task when_a_page_breaks_the_rules_axe_should_report_it()
    {
        // The checker itself is live: a page with an unlabelled input and an image without text is caught.
        var page = await App.Page(bypassCsp: true);
        await page.GotoAsync("/open-data");
        await page.EvaluateAsync("() => { document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\"><input type=\"text\">'); }");
        (await Axe.Check(page)).Select(v => v.Id).Should().Contain(["image-alt", "label"]);
    }
}
