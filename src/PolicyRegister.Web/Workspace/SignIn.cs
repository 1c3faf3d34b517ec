using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Site;
using Wolverine.Http;

namespace PolicyRegister.Web.Workspace;

public sealed record SignInView(string UserName, string ReturnUrl, string Error);

/// <summary>Cookie sign-in for staff, with lock-out after repeated failures and antiforgery on the form.</summary>
public static class SignIn
{
    [WolverineGet("/staff/sign-in"), AllowAnonymous]
    public static IResult Get(string? returnUrl, HttpContext http) =>
        SitePages.Render(http, "staff-sign-in.html", "工作人员登录", new SignInView("", Safe(returnUrl), ""));

    [WolverinePost("/staff/sign-in"), AllowAnonymous]
    public static async Task<IResult> Post(HttpContext http, IDocumentSession session, TimeProvider clock)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        var user = form.Text("userName") ?? "";
        var returnUrl = Safe(form.Text("returnUrl"));
        var (outcome, account) = await StaffSignIn.Check(session, user, form.Text("password") ?? "", clock.GetUtcNow(), http.RequestAborted);
        if (outcome == SignInOutcome.SignedIn)
        {
            await http.SignInAsync(ConfigureAuth.CookieScheme, StaffSignIn.Principal(account!));
            return Results.Redirect(returnUrl, preserveMethod: false);
        }
        var error = outcome == SignInOutcome.LockedOut
            ? $"登录失败次数过多，账户已锁定至{Publishing.Printed.Moment(account!.LockedUntil)}"
            : "用户名或密码不正确";
        return SitePages.Render(http, "staff-sign-in.html", "工作人员登录", new SignInView(user, returnUrl, error), StatusCodes.Status401Unauthorized);
    }

    [WolverinePost("/staff/sign-out"), AllowAnonymous]
    public static async Task<IResult> SignOut(HttpContext http)
    {
        if (await Forms.ReadValidated(http) is null) return Forms.Rejected();
        await http.SignOutAsync(ConfigureAuth.CookieScheme);
        return Results.Redirect("/");
    }

    [WolverineGet("/staff/denied"), AllowAnonymous]
    public static IResult Denied(HttpContext http) => SitePages.Render(http, "site-message.html", "权限不足",
        new { heading = "权限不足", message = "您的账户没有执行此操作的权限。执行清理决定和提交导入须由审核人员进行。" }, StatusCodes.Status403Forbidden);

    /// <summary>Only local paths: a sign-in never redirects off the site.</summary>
    private static string Safe(string? url) => url is { Length: > 0 } u && u.StartsWith('/') && !u.StartsWith("//") && !u.Contains('\\') ? u : "/staff";
}
