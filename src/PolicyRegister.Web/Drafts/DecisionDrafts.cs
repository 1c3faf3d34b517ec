using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Drafts;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Decisions;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Workspace;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Drafts;

/// <summary>The body of POST /api/decisions/drafts: a decision as the clerk prepares it (the same fields as an apply).</summary>
public sealed record CreateDecisionDraft : DecisionInput, IWriteCommand
{
    public string? Reason { get; init; }
}

public sealed record DraftCreated(Guid Id, long Version, DraftState State);

public static class CreateDecisionDraftEndpoint
{
    public static ProblemDetails Validate(CreateDecisionDraft cmd) => Problems.Invalid(DecisionInputs.Check(cmd));

    [WolverinePost("/api/decisions/drafts"), Authorize(Policy = Policies.Write)]
    public static (IResult, IStartStream) Post(CreateDecisionDraft cmd, HttpContext http)
    {
        var id = Guid.CreateVersion7();
        var start = MartenOps.StartStream<DecisionDraft>(id, new DecisionDraftCreated(id, DraftInputs.Content(cmd), FormErrors.Author(http)));
        return (Results.Created($"/api/decisions/drafts/{id}", new DraftCreated(id, 1, DraftState.Editing)), start);
    }

}

/// <summary>The body of POST /api/decisions/drafts/{id}/edit: the whole decision again, at the version last seen.</summary>
public sealed record EditDecisionDraft : DecisionInput, IDraftCommand
{
    public long Version { get; init; }
    public string? Reason { get; init; }
}

/// <summary>Submit, return (with a comment), approve or withdraw: at the version last seen, with a reason.</summary>
public sealed record DraftStep(long Version, string? Reason, string? Comment = null) : IDraftCommand;

/// <summary>A write on one draft's stream (the route names it as {decisionDraftId}).</summary>
public interface IDraftCommand : IWriteCommand
{
    long Version { get; }
}

/// <summary>An unknown draft is a 404, checked before the expected version (which would report a misleading conflict).</summary>
public static class DraftExistsMiddleware
{
    public static async Task<ProblemDetails> BeforeAsync(IDraftCommand command, HttpContext http, IDocumentSession session)
    {
        if (!Guid.TryParse((http.Request.RouteValues["decisionDraftId"] ?? http.Request.RouteValues["importDraftId"])?.ToString(), out var id))
            return Problems.NotFound("草稿编号格式有误 (the draft id in the path is not a GUID)");
        var state = await session.Events.FetchStreamStateAsync(id, http.RequestAborted);
        return state is null ? Problems.NotFound($"没有草稿 {id} (no such draft)") : Problems.None;
    }
}

public sealed record DraftMoved(Guid Id, long Version, DraftState State);

public static class EditDecisionDraftEndpoint
{
    public static ProblemDetails Validate(EditDecisionDraft cmd, DecisionDraft draft) =>
        Documents.Lifecycle.Check(DecisionInputs.Check(cmd), () => DraftRules.CanEdit(draft));

    [WolverinePost("/api/decisions/drafts/{decisionDraftId}/edit"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(EditDecisionDraft cmd, [WriteAggregate] DecisionDraft draft, HttpContext http) =>
        Moved(draft, DraftState.Editing, new DecisionDraftEdited(draft.Id, DraftInputs.Content(cmd), FormErrors.Author(http)));

    public static (IResult, Events) Moved(DecisionDraft draft, DraftState state, object e) =>
        (Results.Ok(new DraftMoved(draft.Id, draft.Version + 1, state is DraftState.Editing ? draft.State : state)), new Events { e });
}

public static class SubmitDecisionDraftEndpoint
{
    public static ProblemDetails Validate(DraftStep cmd, DecisionDraft draft) => Problems.Rule(DraftRules.CanSubmit(draft));

    [WolverinePost("/api/decisions/drafts/{decisionDraftId}/submit"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(DraftStep cmd, [WriteAggregate] DecisionDraft draft, HttpContext http) =>
        EditDecisionDraftEndpoint.Moved(draft, DraftState.Submitted, new DecisionDraftSubmitted(draft.Id, FormErrors.Author(http)));
}

public static class ReturnDecisionDraftEndpoint
{
    public static ProblemDetails Validate(DraftStep cmd, DecisionDraft draft) =>
        Documents.Lifecycle.Check([Documents.DocumentInputs.CheckText(cmd.Comment, "comment", 2000)], () => DraftRules.CanReturn(draft));

    [WolverinePost("/api/decisions/drafts/{decisionDraftId}/return"), Authorize(Policy = Policies.Review)]
    public static (IResult, Events) Post(DraftStep cmd, [WriteAggregate] DecisionDraft draft, HttpContext http) =>
        EditDecisionDraftEndpoint.Moved(draft, DraftState.Returned, new DecisionDraftReturned(draft.Id, cmd.Comment!.Trim(), FormErrors.Author(http)));
}

public static class WithdrawDecisionDraftEndpoint
{
    public static ProblemDetails Validate(DraftStep cmd, DecisionDraft draft) => Problems.Rule(DraftRules.CanWithdraw(draft));

    [WolverinePost("/api/decisions/drafts/{decisionDraftId}/withdraw"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(DraftStep cmd, [WriteAggregate] DecisionDraft draft, HttpContext http) =>
        EditDecisionDraftEndpoint.Moved(draft, DraftState.Withdrawn, new DecisionDraftWithdrawn(draft.Id, FormErrors.Author(http)));
}

/// <summary>
/// POST /api/decisions/drafts/{id}/approve (reviewer, four eyes): applies the draft's decision exactly as
/// POST /api/decisions would, and marks the draft approved, in one transaction. A draft whose rows no longer apply
/// (a document changed, a row needs confirming) is refused with the reasons and stays submitted.
/// </summary>
public static class ApproveDecisionDraftEndpoint
{
    public static ProblemDetails Validate(DraftStep cmd, DecisionDraft draft, HttpContext http) =>
        Problems.Rule(DraftRules.CanApprove(draft, FormErrors.Author(http)));

    [WolverinePost("/api/decisions/drafts/{decisionDraftId}/approve"), Authorize(Policy = Policies.Review)]
    public static async Task<(IResult, Events)> Post(DraftStep cmd, [WriteAggregate] DecisionDraft draft, IDocumentSession session, HttpContext http, CancellationToken token)
    {
        var (problem, result, approved) = await Approve(draft, FormErrors.Author(http), cmd.Reason!, session, http.TraceIdentifier, token);
        return problem is not null
            ? (problem.ToResult(), [])
            : (Results.Ok(new DraftApproved(draft.Id, draft.Version + 1, result!)), new Events { approved! });
    }

    /// <summary>
    /// The one approval, for the API and the workspace: the draft's decision planned against the register as it is now
    /// and, when every row applies, its events queued on the session (the caller commits them with the approval).
    /// </summary>
    public static async Task<(ProblemDetails? Problem, DecisionResult? Result, DecisionDraftApproved? Approved)> Approve(
        DecisionDraft draft, string approver, string reason, IDocumentSession session, string correlation, CancellationToken token)
    {
        var apply = DraftInputs.Command(draft.Content!, $"批准草稿执行（拟稿：{draft.PreparedBy}；审核：{approver}）：{reason.Trim()}");
        // The decision's facts carry both names: the approver as their author, the preparer in their reason.
        AuditMiddleware.Stamp(session, approver, apply.Reason!, correlation);
        var context = await DecisionInputs.Load(session, apply, token);
        if (context.Existing is { State: DecisionState.Applied } earlier)
            return (Problems.Conflict($"{earlier.Number}已于{earlier.EffectiveOn:yyyy-MM-dd}执行，草稿不能再批准 (the decision was already applied)"), null, null);
        var plan = DecisionInputs.Plan(apply, context);
        if (!plan.CanApply) return (ApplyDecisionEndpoint.Refusal(plan), null, null);
        var (decision, appends) = ApplyDecisionEndpoint.Decide(apply, plan, context, Guid.CreateVersion7, context.Existing?.Id ?? Guid.CreateVersion7());
        StreamAppend.AppendAll(session, appends);
        return (null, ApplyDecisionEndpoint.Result(decision, alreadyApplied: false), new DecisionDraftApproved(draft.Id, decision.Id, approver));
    }
}

public sealed record DraftApproved(Guid Id, long Version, DecisionResult Decision);

public sealed record DraftSummary(Guid Id, long Version, string Number, string Title, string Jurisdiction, DraftState State, string PreparedBy,
    DateTimeOffset PreparedAt, string? SubmittedBy, string? ReturnComment, string? ApprovedBy, Guid? DecisionId, int Rows);

public sealed record DraftDetails(DraftSummary Draft, DraftContent Content, DecisionPreview Preview);

/// <summary>GET /api/decisions/drafts?state=: the review queue; GET /api/decisions/drafts/{id}: one draft with its match report and coverage.</summary>
public static class GetDecisionDraftsEndpoint
{
    [WolverineGet("/api/decisions/drafts"), Authorize(Policy = Policies.Write)]
    public static async Task<IResult> List(string? state, IQuerySession session, CancellationToken token)
    {
        DraftState? only = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            var named = Enum.GetValues<DraftState>().Where(s => ConfigureHttp.EnumNaming.ConvertName(s.ToString()) == state.Trim()).ToList();
            if (named.Count == 0) return Problems.Invalid(new RuleViolation("state", "state 取 editing、submitted、returned、approved 或 withdrawn")).ToResult();
            only = named[0];
        }
        var query = session.Query<DecisionDraft>().AsQueryable();
        if (only is { } s) query = query.Where(d => d.State == s);
        var drafts = await query.Take(500).ToListAsync(token);
        return Results.Ok(await Summaries(session, drafts, token));
    }

    [WolverineGet("/api/decisions/drafts/{id}"), Authorize(Policy = Policies.Write)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken token)
    {
        var draft = await session.LoadAsync<DecisionDraft>(id, token);
        if (draft?.Content is null) return Problems.NotFound($"没有草稿 {id} (no such draft)").ToResult();
        var apply = DraftInputs.Command(draft.Content, "preview");
        var context = await DecisionInputs.Load(session, apply, token);
        var plan = DecisionInputs.Plan(apply, context);
        var preview = PreviewDecisionEndpoint.Report(apply, context, plan) with { Coverage = await PreviewDecisionEndpoint.Coverage(session, apply, context, plan, token) };
        return Results.Ok(new DraftDetails((await Summaries(session, [draft], token))[0], draft.Content, preview));
    }

    /// <summary>Each draft with when it was prepared (its first event's time).</summary>
    public static async Task<IReadOnlyList<DraftSummary>> Summaries(IQuerySession session, IReadOnlyList<DecisionDraft> drafts, CancellationToken token)
    {
        var ids = drafts.Select(d => d.Id).ToArray();
        var created = ids.Length == 0 ? [] : await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(ids) && e.Version == 1).Select(e => new { e.StreamId, e.Timestamp }).ToListAsync(token);
        return [.. drafts.Select(d => new DraftSummary(d.Id, d.Version, d.Number, d.Content?.Title ?? "", d.Jurisdiction, d.State, d.PreparedBy,
                created.FirstOrDefault(c => c.StreamId == d.Id)?.Timestamp ?? default, d.SubmittedBy, d.ReturnComment, d.ApprovedBy, d.DecisionId,
                d.Content?.Items.Count ?? 0))
            .OrderByDescending(d => d.PreparedAt)];
    }
}
