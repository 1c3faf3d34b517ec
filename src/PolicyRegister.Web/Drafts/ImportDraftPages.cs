using Marten;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Drafts;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Imports;
using PolicyRegister.Web.Site;
using PolicyRegister.Web.Workspace;
using Wolverine.Http;

namespace PolicyRegister.Web.Drafts;

public sealed record ImportDraftRow(string Number, string Title, string Issuers, string Effective, string Registered, string Evidence);

/// <summary>One row of a decision's annex as the gazette prints it: 序号, what it does (verb as written, parts, reference), title, number, reason.</summary>
public sealed record ImportAnnexRow(int Seq, string Acts, string Title, string Number, string Reason, int Line);

public sealed record ImportDecisionView(string Number, string Counts, IReadOnlyList<ImportAnnexRow> Rows);

public sealed record ImportDraftPageView(
    string Id, long Version, string FileName, string Gazette, string State, string PreparedBy, string ReturnComment,
    IReadOnlyList<ImportDraftRow> Documents, IReadOnlyList<ImportDecisionView> Decisions, IReadOnlyList<string> Blocking, IReadOnlyList<string> Warnings,
    string Confirm, bool MayEdit, bool MayReview, bool MayApprove, string ApproveBlocked, string Message, string Error);

/// <summary>
/// /staff/imports/drafts/{id}: an import draft for review — each document of the plan and whether the register already
/// holds it, the decisions' rows, what blocks — and its workflow (submit, return with a comment, approve by another
/// reviewer, which commits the import). Post/redirect/get.
/// </summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class ImportDraftPages
{
    [WolverineGet("/staff/imports/drafts/{id}"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Get(Guid id, string? done, HttpContext http, IQuerySession session, CancellationToken token)
    {
        var draft = await session.LoadAsync<ImportDraft>(id, token);
        if (draft is null) return Missing(http);
        return await Page(http, session, draft, done switch
        {
            "submitted" => "已提交审核。审核人员批准后才导入登记簿。",
            "returned" => "已退回拟稿人。",
            "approved" => "已批准并导入登记簿。",
            _ => "",
        }, "", 200, token);
    }

    [WolverinePost("/staff/imports/drafts/{id}/{step}"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Post(Guid id, string step, HttpContext http, IDocumentSession session, IDocumentStore store, IConfiguration config, CancellationToken token)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        var draft = await session.LoadAsync<ImportDraft>(id, token);
        if (draft is null) return Missing(http);
        var me = FormErrors.Author(http);
        var reviewer = Roles.MayReview(http.User);
        var reason = form.Text("reason") ?? "";
        if (!long.TryParse(form.Text("version"), out var version) || version != draft.Version)
            return await Page(http, session, draft, "", "该草稿已被他人处理，已显示最新状态", 409, token);
        var refused = AuditMiddleware.CheckReason(reason) ?? step switch
        {
            "submit" => DraftRules.CanSubmit(draft),
            "return" when !reviewer => new RuleViolation("role", "只有审核人员可以退回"),
            "return" => DraftRules.CanReturn(draft) ?? Documents.DocumentInputs.CheckText(form.Text("comment"), "comment", 2000),
            "approve" when !reviewer => new RuleViolation("role", "只有审核人员可以批准导入"),
            "approve" => DraftRules.CanApprove(draft, me),
            _ => new RuleViolation("step", "未知的操作"),
        };
        if (refused is not null) return await Page(http, session, draft, "", FormErrors.Chinese(refused.Message), refused.Field == "role" ? 403 : 422, token);

        object e;
        if (step == "approve")
        {
            var plan = GetImportDraftEndpoint.Plan(draft);
            if (plan.Blocking.Count > 0) return await Page(http, session, draft, "", "须先处理：" + string.Join("；", plan.Blocking.Select(b => FormErrors.Chinese(b.Message))), 422, token);
            var report = await GazetteImport.Commit(plan, store, config.GetConnectionString("Marten")!, $"{me} (workspace import, 拟稿：{draft.PreparedBy})",
                draft.FileName, null, token);
            if (!report.Committed)
                return await Page(http, session, draft, "", "未导入，登记簿未作任何改动：" + string.Join("；", report.Refused.Select(r => $"{r.Number}：{FormErrors.Chinese(r.Detail)}")), 422, token);
            e = new ImportDraftApproved(id, me, report.Registered, report.Completed, report.DecisionsApplied);
        }
        else e = step == "submit" ? new ImportDraftSubmitted(id, me) : new ImportDraftReturned(id, (form.Text("comment") ?? "").Trim(), me);
        FormErrors.Stamp(session, http, reason);
        session.Events.Append(id, draft.Version + 1, e);
        await session.SaveChangesAsync(token);
        return Results.Redirect($"/staff/imports/drafts/{id}?done={step switch { "approve" => "approved", "return" => "returned", _ => "submitted" }}");
    }

    private static IResult Missing(HttpContext http) =>
        SitePages.Render(http, "site-message.html", "未找到", new { heading = "未找到该导入草稿", message = "没有这个导入草稿。" }, 404);

    private static async Task<IResult> Page(HttpContext http, IQuerySession session, ImportDraft draft, string message, string error, int status, CancellationToken token)
    {
        var plan = GetImportDraftEndpoint.Plan(draft);
        var jurisdiction = plan.Gazette.Jurisdiction;
        var keys = plan.Documents.Select(d => DocumentNumber.TryParse(d.Number, out var n) ? n.Key : d.Number).ToArray();
        var held = jurisdiction is null ? [] : await session.Query<Document>().Where(d => d.Jurisdiction == jurisdiction && d.NumberKey.IsOneOf(keys)).ToListAsync(token);
        var byKey = held.Where(d => d.NumberKey is not null).GroupBy(d => d.NumberKey!).ToDictionary(g => g.Key, g => g.First());
        var rows = plan.Documents.Select(d =>
        {
            var key = DocumentNumber.TryParse(d.Number, out var n) ? n.Key : d.Number;
            var registered = byKey.TryGetValue(key, out var existing)
                ? existing.KnownOnlyFromDecisions ? "仅见于清理决定，将补全" : existing.Title == d.Title ? "已登记，相同" : $"已登记，标题不同：“{existing.Title}”"
                : "新登记";
            return new ImportDraftRow(d.Number, d.Title, string.Join("、", d.Issuers), d.Effective?.On?.ToString("yyyy-MM-dd") ?? "", registered,
                Workspace.ImportForm.EvidenceLines(d));
        }).ToList();
        var decisions = plan.Decisions.Select(d => new ImportDecisionView(d.Number,
            string.Join("、", d.Items.GroupBy(i => i.Action).Select(g => $"{Publishing.Printed.Action(g.Key)}{g.Count(i => !i.Reference)}件")),
            [.. d.Items.Select(i => new ImportAnnexRow(i.Seq, i.Reference ? $"列明备查（{i.Verb}）" : (i.Verb ?? Publishing.Printed.Action(i.Action)) + (i.Scope is { IsEmpty: false } s ? $"：{s.Describe()}" : ""),
                i.Title, i.Number ?? "", i.ReasonText ?? "", i.Line))])).ToList();
        var me = FormErrors.Author(http);
        var reviewer = Roles.MayReview(http.User);
        var blocked = !reviewer ? "批准导入须由审核人员操作" : DraftRules.CanApprove(draft, me) is { } no ? FormErrors.Chinese(no.Message)
            : plan.Blocking.Count > 0 ? "须先处理刊头等问题，请退回拟稿人" : "";
        var fresh = rows.Count(r => r.Registered == "新登记");
        var view = new ImportDraftPageView(draft.Id.ToString(), draft.Version, draft.FileName,
            $"{plan.Gazette.Name} {plan.Gazette.IssueLabel}，管辖区：{(jurisdiction is null ? "未确定" : Domain.Jurisdictions.Divisions.NameOf(jurisdiction))}",
            DraftRules.Label(draft.State), draft.PreparedBy, draft.ReturnComment ?? "", rows, decisions,
            [.. plan.Blocking.Select(b => $"第{b.Line}行：{FormErrors.Chinese(b.Message)}")], [.. plan.Warnings.Select(w => $"第{w.Line}行：{FormErrors.Chinese(w.Message)}")],
            $"将新登记{fresh}件、补全或核对{rows.Count - fresh}件，执行清理决定{plan.Decisions.Count}件",
            draft.State is DraftState.Editing or DraftState.Returned, reviewer && draft.State == DraftState.Submitted,
            blocked.Length == 0 && draft.State == DraftState.Submitted, blocked, message, error);
        return SitePages.Render(http, "staff-import-draft.html", $"导入草稿：{draft.FileName}", view, status);
    }
}
