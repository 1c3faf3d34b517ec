using Marten;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Site;
using Wolverine.Http;

namespace PolicyRegister.Web.Workspace;

public sealed record RegisterFormView(Dictionary<string, string> Values, Dictionary<string, string> Errors)
{
    public IReadOnlyList<ErrorLink> Summary { get; init; } = [];
}

/// <summary>/staff/documents/new: the RegisterDocument command as a form.</summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class RegisterForm
{
    private static readonly string[] Fields = ["number", "title", "issuers", "jurisdiction", "kind", "signedOn", "effectiveRule", "effective", "effective_on", "expires", "expires_on", "expires_text", "trial", "reason"];

    [WolverineGet("/staff/documents/new"), Authorize(Policy = Policies.Staff)]
    public static Task<IResult> Get(HttpContext http, IQuerySession session) =>
        Page(http, session, Fields.ToDictionary(f => f, f => f == "kind" ? "normative" : f == "effectiveRule" ? "date" : ""), FormErrors.Empty(Fields));

    [WolverinePost("/staff/documents/new"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Post(HttpContext http, IDocumentSession session)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        var values = Fields.ToDictionary(f => f, f => form.Text(f) ?? "");
        var errors = FormErrors.Empty(Fields);
        // Every error of the form in one pass: malformed dates beside the command's own checks and the reason's.
        foreach (var f in new[] { "signedOn", "effective_on", "expires_on" }.Where(f => FormErrors.BadDate(form, f))) errors[f] = "日期格式应为 YYYY-MM-DD";

        var rule = Enum.TryParse<EffectiveRule>(values["effectiveRule"].Replace("_", ""), true, out var r) ? r : EffectiveRule.Date;
        var effectiveOn = FormErrors.Date(form, "effective_on");
        var cmd = new RegisterDocument(
            values["number"], values["title"], values["issuers"].Split(['、', ',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            values["jurisdiction"], Enum.TryParse<DocumentKind>(values["kind"], true, out var k) ? k : null, FormErrors.Date(form, "signedOn"),
            rule == EffectiveRule.Date && effectiveOn is null ? null : new EffectiveInput(rule == EffectiveRule.Date ? effectiveOn : null, rule == EffectiveRule.Date ? null : rule),
            FormErrors.Date(form, "expires_on") is { } until ? new ExpiresInput(until, null) : values["expires_text"] is { Length: > 0 } t ? new ExpiresInput(null, t) : null,
            values["trial"] is "on" or "true", Reason: values["reason"]);

        var invalid = Problems.Invalid([.. RegisterDocumentEndpoint.Checks(cmd), AuditMiddleware.CheckReason(cmd.Reason)]);
        if (invalid != Problems.None || errors.Values.Any(e => e.Length > 0))
        {
            var all = invalid == Problems.None ? FormErrors.Empty(Fields) : FormErrors.From(invalid, Fields);
            foreach (var (field, message) in errors.Where(e => e.Value.Length > 0)) all[field] = message;
            return await Page(http, session, values, all, 400);
        }

        FormErrors.Stamp(session, http, cmd.Reason!);
        var (status, problem) = FormErrors.Outcome(await RegisterDocumentEndpoint.Post(cmd, session, http.RequestAborted));
        if (problem is not null) return await Page(http, session, values, FormErrors.From(problem, Fields), status);
        await session.SaveChangesAsync(http.RequestAborted);
        var key = Domain.Numbers.DocumentNumber.Parse(cmd.Number).Key;
        var doc = await session.Query<Document>().FirstAsync(d => d.Jurisdiction == DocumentInputs.JurisdictionCode(cmd.Jurisdiction) && d.NumberKey == key, http.RequestAborted);
        return Results.Redirect($"/documents/{doc.Id}");
    }

    /// <summary>The form page; its jurisdiction field offers the register's divisions (read only when a page is shown, not on a successful post).</summary>
    private static async Task<IResult> Page(HttpContext http, IQuerySession session, Dictionary<string, string> values, Dictionary<string, string> errors, int status = 200)
    {
        await SitePages.OfferJurisdictions(http, session);
        return SitePages.Render(http, "staff-register.html", "登记文件", new RegisterFormView(values, errors) { Summary = FormErrors.Summary(errors, Labels, Anchors) }, status);
    }

    private static readonly Dictionary<string, string> Anchors = new() { ["effective"] = "effectiveRule", ["expires"] = "expires_text" };

    private static readonly (string, string)[] Labels =
    [
        ("number", "文号"), ("jurisdiction", "管辖区"), ("title", "标题"), ("issuers", "发文机关"), ("signedOn", "印发日期"), ("effectiveRule", "施行"),
        ("effective", "施行"), ("effective_on", "施行日期"), ("expires_on", "有效期至"), ("expires", "有效期"), ("expires_text", "有效期（文字）"), ("reason", "登记理由"),
    ];
}
