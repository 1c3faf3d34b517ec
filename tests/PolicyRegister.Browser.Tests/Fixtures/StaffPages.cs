using Microsoft.Playwright;

namespace PolicyRegister.Browser.Tests.Fixtures;

/// <summary>What every workspace test does first: sign in through the form, as a person does.</summary>
public static class StaffPages
{
    public static async Task SignIn(IPage page, (string User, string Password) account)
    {
        await page.GotoAsync("/staff");
        await page.WaitForURLAsync("**/staff/sign-in**");
        await page.GetByLabel("用户名").FillAsync(account.User);
        await page.GetByLabel("密码").FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        // The first sign-in of a run on a new machine once took longer than Playwright's 30 s (CI, the suite's first
        // test); this waits longer, and if it still fails it says where the browser ended up and what it showed.
        // It waits for the workspace's heading and the page's footer (the whole page is there), then checks the address
        // by polling it, never by a load state: twice (CI) the browser stood on the whole workspace while a wait for the
        // URL, which waits for a load state once the address matches, ran out after 90 s.
        try
        {
            await page.GetByRole(AriaRole.Heading, new() { Name = "工作台", Level = 1 }).WaitForAsync(new() { Timeout = 90_000 });
            await page.Locator("footer.site").WaitForAsync(new() { Timeout = 90_000 });
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/staff$"), new() { Timeout = 10_000 });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            var shown = await page.InnerTextAsync("body");
            throw new TimeoutException($"signing in as {account.User} did not reach /staff; the page is {page.Url} and shows: {shown[..Math.Min(shown.Length, 600)]}", e);
        }
    }
}
