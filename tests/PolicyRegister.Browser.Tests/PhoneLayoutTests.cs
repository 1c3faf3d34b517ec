using Microsoft.Playwright;
using PolicyRegister.Browser.Tests.Fixtures;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Browser.Tests;

/// <summary>On a phone (390 × 844) no page is wider than the screen, and numbers and dates do not break a character per line.</summary>
[Collection(BrowserCollection.Name)]
public class PhoneLayoutTests(BrowserFixture fixture)
{
    private BrowserApp App => fixture.App;

    private static async Task<int> Overflow(IPage page) =>
        await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");

    [Fact]
    public async Task when_the_public_pages_are_read_on_a_phone_none_should_overflow_the_screen()
    {
        var jurisdiction = Given.Jurisdiction();
        var clerk = App.Api(RegisterApp.ClerkKey);
        var (id, version) = await Given.Registered(clerk, Given.Document(jurisdiction, "卫政规发〔2024〕88号",
            "中卫市人民政府关于印发《中卫市航空运输发展专项资金管理办法》的通知", "2024-01-16",
            effective: new { on = "2024-02-17" }, expires: new { on = "2026-12-31" }));
        await Given.Post(App.Api(RegisterApp.ReviewerKey), $"/api/documents/{id}/repeal",
            new { version, on = "2025-07-01", basis = new { number = "卫政规发〔2025〕1号" }, reason = "测试" });

        var phone = await App.Page(390, 844);
        var widths = new Dictionary<string, int>();
        foreach (var path in new[]
                 {
                     "/", $"/?q={Uri.EscapeDataString("航空运输")}", $"/documents/{id}", $"/catalogue?jurisdiction={jurisdiction}&on=2024-06-01",
                     $"/changes?jurisdiction={jurisdiction}", "/no/such/page",
                     $"/publish/catalogue?jurisdiction={jurisdiction}&on=2024-06-01", $"/publish/changes?jurisdiction={jurisdiction}&from=2025-01-01&to=2025-12-31",
                     $"/publish/documents/{id}/certificate?on=2024-06-01",
                 })
        {
            await phone.GotoAsync(path);
            widths[path] = await Overflow(phone);
        }
        // A number stays on one line in the card (a row of the printable changes list).
        await phone.GotoAsync($"/publish/changes?jurisdiction={jurisdiction}&from=2025-01-01&to=2025-12-31");
        var numberHeight = await phone.EvaluateAsync<double>("() => document.querySelector('td.no').getBoundingClientRect().height");
        var lineHeight = await phone.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.querySelector('td.no')).lineHeight)");
        numberHeight.Should().BeLessThan(lineHeight * 1.6, "卫政规发〔2024〕88号 fits one line on a phone");
        await phone.ScreenshotAsync(new() { Path = BrowserApp.Screenshot("changes-list-phone.png"), FullPage = true });

        await StaffPages.SignIn(phone, RegisterApp.StaffReviewer);
        foreach (var path in new[] { "/staff", $"/staff?jurisdiction={jurisdiction}", "/staff/decisions/new", "/staff/subscriptions", $"/staff/documents/{id}/facts" })
        {
            await phone.GotoAsync(path);
            widths[path] = await Overflow(phone);
        }
        widths.Where(w => w.Value > 0).Should().BeEmpty("no page may be wider than a 390 px screen: {0}", string.Join(", ", widths.Select(w => $"{w.Key}={w.Value}")));
    }
}
