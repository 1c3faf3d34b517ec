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
        await page.WaitForURLAsync("**/staff");
    }
}
