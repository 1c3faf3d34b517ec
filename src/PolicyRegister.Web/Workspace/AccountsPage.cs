using Marten;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Site;
using Wolverine.Http;

namespace PolicyRegister.Web.Workspace;

public sealed record AccountRow(string UserName, string DisplayName, string Role, bool Locked);

public sealed record AccountsView(IReadOnlyList<AccountRow> Accounts, Dictionary<string, string> Values, Dictionary<string, string> Errors, string Message)
{
    public IReadOnlyList<ErrorLink> Summary => FormErrors.Summary(Errors, [("userName", "用户名"), ("role", "角色"), ("password", "初始密码")]);
}

/// <summary>/staff/accounts: admins create staff accounts (clerk, reviewer, admin).</summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class AccountsPage
{
    private static readonly string[] Fields = ["userName", "displayName", "role", "password"];

    [WolverineGet("/staff/accounts"), Authorize(Policy = Policies.StaffAdmin)]
    public static async Task<IResult> Get(HttpContext http, IQuerySession session, TimeProvider clock) =>
        await Page(http, session, clock, Fields.ToDictionary(f => f, f => f == "role" ? Roles.Clerk : ""), FormErrors.Empty(Fields), "");

    [WolverinePost("/staff/accounts"), Authorize(Policy = Policies.StaffAdmin)]
    public static async Task<IResult> Post(HttpContext http, IDocumentSession session, TimeProvider clock)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        var values = Fields.ToDictionary(f => f, f => form.Text(f) ?? "");
        var errors = FormErrors.Empty(Fields);
        var id = values["userName"].ToLowerInvariant();
        if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9._-]{2,39}$")) errors["userName"] = "用户名为3到40个小写字母、数字或 . _ -";
        else if (await session.LoadAsync<StaffAccount>(id) is not null) errors["userName"] = "该用户名已存在";
        if (values["role"] is not (Roles.Clerk or Roles.Reviewer or Roles.Admin)) errors["role"] = "请选择角色";
        if (values["password"].Length < 12) errors["password"] = "密码至少12个字符";
        if (errors.Values.Any(e => e.Length > 0)) return await Page(http, session, clock, values, errors, "", 400);

        var account = new StaffAccount { Id = id, DisplayName = values["displayName"] is { Length: > 0 } d ? d : id, Role = values["role"], CreatedBy = FormErrors.Author(http) };
        account.PasswordHash = StaffSignIn.Hash(account, values["password"]);
        session.Store(account);
        await session.SaveChangesAsync(http.RequestAborted);
        return await Page(http, session, clock, Fields.ToDictionary(f => f, f => f == "role" ? Roles.Clerk : ""), FormErrors.Empty(Fields), $"已创建账户 {id}（{account.Role}）");
    }

    private static async Task<IResult> Page(HttpContext http, IQuerySession session, TimeProvider clock, Dictionary<string, string> values, Dictionary<string, string> errors, string message, int status = 200)
    {
        // Lock-outs live in the sign-in throttle (per account and client), not on the account.
        var locked = await SignInThrottle.LockedAccounts(session.DocumentStore, clock.GetUtcNow(), http.RequestAborted);
        var accounts = (await session.Query<StaffAccount>().OrderBy(a => a.Id).ToListAsync(http.RequestAborted))
            .Select(a => new AccountRow(a.Id, a.DisplayName, a.Role, locked.Contains(a.Id))).ToList();
        values["password"] = "";
        return SitePages.Render(http, "staff-accounts.html", "账户管理", new AccountsView(accounts, values, errors, message), status);
    }
}
