using Marten;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Drafts;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Decisions;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Publishing;
using PolicyRegister.Web.Site;
using PolicyRegister.Web.Workspace;
using Wolverine.Http;

namespace PolicyRegister.Web.Drafts;

public sealed record DraftRowView(int Seq, string Action, string Title, string Number, string Match, string? DocumentUrl, string Notes);

public sealed record DraftPageView(
    string Id, long Version, string Number, string Title, string Jurisdiction, string State, string PreparedBy, string PreparedAt, string? SubmittedBy,
    string ReturnComment, string Counts, string Confirm, string Coverage, IReadOnlyList<string> NotMentioned, IReadOnlyList<DraftRowView> Rows,
    bool CanApply, bool MayEdit, bool MayReview, bool MayApprove, string ApproveBlocked, string? DecisionUrl, string Message, string Error);

/// <summary>
/// /staff/drafts/{id}: the review screen of a draft decision — the notice as it will be published (a link), every row
/// with its match report, what the cleanup leaves out — and its workflow: submit, withdraw, return with a comment,
/// approve (reviewer, four eyes, after stating the counts). Every write redirects back (post/redirect/get).
/// </summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class DraftPages
{
    [WolverineGet("/staff/drafts/{id}"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Get(Guid id, string? done, HttpContext http, IQuerySession session, CancellationToken token)
    {
        var draft = await session.LoadAsync<DecisionDraft>(id, token);
        if (draft?.Content is null) return DocumentPageNotFound(http);
        return await Page(http, session, draft, done switch
        {
            "submitted" => "已提交审核。审核人员批准后决定才会执行。",
            "returned" => "已退回拟稿人修改。",
            "withdrawn" => "草稿已撤回。",
            _ => "",
        }, "", 200, token);
    }

    [WolverineGet("/staff/drafts/{id}/notice"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Notice(Guid id, HttpContext http, IQuerySession session, TemplateStore templates, CancellationToken token)
    {
        var draft = await session.LoadAsync<DecisionDraft>(id, token);
        if (draft?.Content is not { } c) return DocumentPageNotFound(http);
        var model = PublishDecisionNoticeEndpoint.Build(c.Number, c.Title, c.Addressees, c.Body, c.Issuers, c.SignedOn, c.Items, draft: true, c.Rule,
            DecisionInputs.EffectiveOn(DraftInputs.Command(c, "notice")));
        return Publish.Render(templates, "decision", model, OutputFormat.Html, "decision-draft");
    }

    [WolverinePost("/staff/drafts/{id}/{step}"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Post(Guid id, string step, HttpContext http, IDocumentSession session, CancellationToken token)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        var draft = await session.LoadAsync<DecisionDraft>(id, token);
        if (draft?.Content is null) return DocumentPageNotFound(http);
        var me = FormErrors.Author(http);
        var reviewer = Roles.MayReview(http.User);
        var reason = form.Text("reason") ?? "";
        if (!long.TryParse(form.Text("version"), out var version) || version != draft.Version)
            return await Page(http, session, draft, "", "该草稿已被他人修改，已显示最新内容，请核对后再操作。", 409, token);
        if (AuditMiddleware.CheckReason(reason) is { } badReason)
            return await Page(http, session, draft, "", FormErrors.Chinese(badReason.Message), 400, token);

        (RuleViolation? Refused, object? Event) decided = step switch
        {
            "submit" => (DraftRules.CanSubmit(draft), new DecisionDraftSubmitted(id, me)),
            "withdraw" => (DraftRules.CanWithdraw(draft), new DecisionDraftWithdrawn(id, me)),
            "return" when !reviewer => (new RuleViolation("role", "只有审核人员可以退回草稿"), null),
            "return" => (DraftRules.CanReturn(draft) ?? Documents.DocumentInputs.CheckText(form.Text("comment"), "comment", 2000),
                new DecisionDraftReturned(id, (form.Text("comment") ?? "").Trim(), me)),
            "approve" when !reviewer => (new RuleViolation("role", "只有审核人员可以批准执行"), null),
            "approve" => (DraftRules.CanApprove(draft, me), null),
            _ => (new RuleViolation("step", "未知的操作"), null),
        };
        if (decided.Refused is { } refused)
            return await Page(http, session, draft, "", FormErrors.Chinese(refused.Message), refused.Field == "role" ? 403 : 422, token);

        if (step == "approve")
        {
            var (problem, result, approved) = await ApproveDecisionDraftEndpoint.Approve(draft, $"{me} (workspace)", reason, session, http.TraceIdentifier, token);
            if (problem is not null)
                return await Page(http, session, draft, "", "决定未执行，登记簿未作任何改动：" + FormErrors.Chinese(problem.Detail ?? ""), problem.Status ?? 422, token);
            session.Events.Append(id, draft.Version + 1, approved!);
            await session.SaveChangesAsync(token);
            return Results.Redirect($"/decisions/{result!.DecisionId}?done=applied");
        }
        FormErrors.Stamp(session, http, reason);
        session.Events.Append(id, draft.Version + 1, decided.Event!);
        await session.SaveChangesAsync(token);
        return Results.Redirect($"/staff/drafts/{id}?done={step switch { "submit" => "submitted", "return" => "returned", _ => "withdrawn" }}");
    }

    private static IResult DocumentPageNotFound(HttpContext http) =>
        SitePages.Render(http, "site-message.html", "未找到", new { heading = "未找到该草稿", message = "没有这个决定草稿。" }, 404);

    private static async Task<IResult> Page(HttpContext http, IQuerySession session, DecisionDraft draft, string message, string error, int status, CancellationToken token)
    {
        var c = draft.Content!;
        var apply = DraftInputs.Command(c, "review");
        var context = await DecisionInputs.Load(session, apply, token);
        var plan = DecisionInputs.Plan(apply, context);
        var preview = PreviewDecisionEndpoint.Report(apply, context, plan);
        var coverage = await PreviewDecisionEndpoint.Coverage(session, apply, context, plan, token);
        var counts = Decision.Count(c.Items).Where(kv => kv.Value > 0).Select(kv => $"{Printed.Action(kv.Key)}{kv.Value}件").ToList();
        var references = Decision.References(c.Items);
        var me = FormErrors.Author(http);
        var reviewer = Roles.MayReview(http.User);
        var blocked = !reviewer ? "批准执行须由审核人员操作"
            : DraftRules.CanApprove(draft, me) is { } no ? FormErrors.Chinese(no.Message)
            : !preview.CanApply ? "有的行尚需确认或不能执行，请退回拟稿人修改"
            : "";
        var summaries = await GetDecisionDraftsEndpoint.Summaries(session, [draft], token);
        var rows = preview.Items.Select(i => new DraftRowView(i.Seq, i.Reference ? "列明备查" : (i.Verb ?? Printed.Action(i.Action)) + (i.Scope is { IsEmpty: false } s ? $"：{s.Describe()}" : ""),
            i.Title, i.Number ?? "", Match(i), i.DocumentId is { } d ? $"/documents/{d}" : null,
            string.Join("；", i.Problems.Select(p => FormErrors.Chinese(p.Message)).Concat(i.Warnings.Select(FormErrors.Chinese))))).ToList();
        var view = new DraftPageView(draft.Id.ToString(), draft.Version, c.Number, c.Title, Domain.Jurisdictions.Divisions.NameOf(c.Jurisdiction),
            DraftRules.Label(draft.State), draft.PreparedBy, Printed.Moment(summaries[0].PreparedAt), draft.SubmittedBy, draft.ReturnComment ?? "",
            string.Join("、", counts) + (references > 0 ? $"，列明备查{references}件" : ""),
            $"将{string.Join("、", counts)}" + (references > 0 ? $"（另列明备查{references}件，不作处理）" : ""),
            $"本次清理未涉及的现行有效文件{coverage.NotMentionedCount}件（{Printed.Date(coverage.InForceOn)}发文机关现行有效{coverage.InForce}件）",
            [.. coverage.NotMentioned.Take(50).Select(d => $"{d.Title}（{d.Number ?? "无文号"}）")], rows, preview.CanApply,
            draft.State is DraftState.Editing or DraftState.Returned, reviewer && draft.State == DraftState.Submitted,
            blocked.Length == 0 && draft.State == DraftState.Submitted, blocked, draft.DecisionId is { } applied ? $"/decisions/{applied}" : null, message, error);
        return SitePages.Render(http, "staff-draft.html", $"草稿：{c.Title}", view, status);
    }

    private static string Match(PreviewItem i) => i.Match switch
    {
        MatchConfidence.NumberAndTitle => "按文号匹配，标题相符",
        MatchConfidence.NumberOnly when i.NeedsConfirmation => $"按文号匹配，但标题不符：登记簿为“{i.RegisterTitle}”，须确认",
        MatchConfidence.NumberOnly => "按文号匹配",
        MatchConfidence.Title => $"按标题匹配（{i.Score:0.00}）",
        MatchConfidence.InnerTitle => $"按所印发文件的标题匹配（{i.Score:0.00}）",
        MatchConfidence.Confirmed => "已人工确认",
        MatchConfidence.Ambiguous => "需人工确认",
        _ => i.Reference ? "登记簿中没有，仅记入本决定" : "登记簿中没有，将新建",
    };
}
