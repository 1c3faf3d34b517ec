using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Site;
using Wolverine.Http;

namespace PolicyRegister.Web.Workspace;

public sealed record SignInView(string UserName, string ReturnUrl, string Error)
{
    public IReadOnlyList<ErrorLink> Summary => Error == "" ? [] : [FormErrors.Whole(Error)];
}

/// <summary>Cookie sign-in for staff, with lock-out after repeated failures and antiforgery on the form.</summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
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
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var (outcome, account) = await StaffSignIn.Check(session, user, form.Text("password") ?? "", client, clock.GetUtcNow(), http.RequestAborted);
        if (outcome == SignInOutcome.SignedIn)
        {
            await http.SignInAsync(ConfigureAuth.CookieScheme, StaffSignIn.Principal(account!, clock.GetUtcNow()));
            return Results.Redirect(returnUrl, preserveMethod: false);
        }
        // The same words whether the account exists or not.
        var error = outcome == SignInOutcome.LockedOut
            ? $"登录尝试过多，请{StaffSignIn.LockOut.TotalMinutes:0}分钟后再试"
            : "用户名或密码不正确";
        return SitePages.Render(http, "staff-sign-in.html", "工作人员登录", new SignInView(user, returnUrl, error), StatusCodes.Status401Unauthorized);
    }

    [WolverinePost("/staff/sign-out"), AllowAnonymous]
    public static async Task<IResult> SignOut(HttpContext http, IDocumentSession session)
    {
        if (await Forms.ReadValidated(http) is null) return Forms.Rejected();
        // Signing out ends every session of the account, not only this browser's cookie.
        if (http.User.Identity?.Name is { } name && await session.LoadAsync<StaffAccount>(name, http.RequestAborted) is { } account)
        {
            StaffSignIn.EndSessions(account);
            session.Store(account);
            await session.SaveChangesAsync(http.RequestAborted);
        }
        await http.SignOutAsync(ConfigureAuth.CookieScheme);
        return Results.Redirect("/");
    }

    [WolverineGet("/staff/denied"), AllowAnonymous]
    public static IResult Denied(HttpContext http) => SitePages.Render(http, "site-message.html", "权限不足",
        new { heading = "权限不足", message = "您的账户没有执行此操作的权限。执行清理决定和提交导入须由审核人员进行。" }, StatusCodes.Status403Forbidden);

    /// <summary>
    /// Only local paths, as ASP.NET Core's IsLocalUrl: one leading '/', never '//' or '/\', and no control character or
    /// white space anywhere (a browser drops a tab, so /\t/evil.example would become //evil.example).
    /// </summary>
    public static string Safe(string? url) =>
        url is { Length: > 0 and < 2000 } u && u[0] == '/' && (u.Length == 1 || u[1] is not ('/' or '\\'))
            && !u.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\')
            ? u : "/staff";
}
