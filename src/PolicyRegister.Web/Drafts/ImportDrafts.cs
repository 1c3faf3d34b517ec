using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Drafts;
using PolicyRegister.Gazettes;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Imports;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Workspace;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Drafts;

/// <summary>The inline snapshot of one import draft.</summary>
public sealed partial class ImportDraftProjection : SingleStreamProjection<ImportDraft, Guid>
{
    public ImportDraftProjection()
    {
        foreach (var type in ImportDraft.EventTypes) IncludeType(type);
    }

    public override ImportDraft Evolve(ImportDraft? snapshot, Guid id, IEvent e)
    {
        var draft = snapshot ?? new ImportDraft { Id = id };
        draft.When(e.Data);
        draft.Version = e.Version;
        return draft;
    }
}

/// <summary>
/// The body of POST /api/imports/drafts: a gazette's text (UTF-8, as the importer reads it), its file name, the division
/// when the masthead does not settle it, and the plan's document indexes to leave out.
/// </summary>
public sealed record CreateImportDraft(string? FileName, string? Text, string? Jurisdiction, IReadOnlyList<int>? Exclude, string? Reason) : IWriteCommand;

public sealed record ImportDraftStep(long Version, string? Reason, string? Comment = null) : IDraftCommand;

public sealed record ImportDraftSummary(
    Guid Id, long Version, string FileName, string Gazette, string? Jurisdiction, DraftState State, string PreparedBy, string? SubmittedBy, string? ReturnComment,
    int Documents, int AlreadyRegistered, int Decisions, IReadOnlyList<string> Blocking, IReadOnlyList<string> Warnings);

public static class ImportDraftsEndpoint
{
    public const int MaxText = 3 * 1024 * 1024;

    public static ProblemDetails Validate(CreateImportDraft cmd)
    {
        var invalid = Problems.Invalid(
            Documents.DocumentInputs.CheckText(cmd.FileName, "fileName", 200),
            string.IsNullOrWhiteSpace(cmd.Text) ? new RuleViolation("text", "请给出公报文本 (text is required)")
                : cmd.Text.Length > MaxText ? new RuleViolation("text", $"公报文本最多{MaxText}个字符 (at most {MaxText} characters)") : null,
            string.IsNullOrWhiteSpace(cmd.Jurisdiction) ? null : Documents.DocumentInputs.CheckJurisdiction(cmd.Jurisdiction));
        if (invalid != Problems.None) return invalid;
        try
        {
            GazetteParser.Parse(cmd.Text!);
            return Problems.None;
        }
        catch (GazetteFormatException e)
        {
            return Problems.Invalid(new RuleViolation("text", e.Message));
        }
    }

    [WolverinePost("/api/imports/drafts"), Authorize(Policy = Policies.Write)]
    public static (IResult, IStartStream) Post(CreateImportDraft cmd, HttpContext http)
    {
        var id = Guid.CreateVersion7();
        var created = new ImportDraftCreated(id, cmd.FileName!.Trim(), cmd.Text!, string.IsNullOrWhiteSpace(cmd.Jurisdiction) ? null : Documents.DocumentInputs.JurisdictionCode(cmd.Jurisdiction),
            [.. (cmd.Exclude ?? []).Distinct()], FormErrors.Author(http));
        return (Results.Created($"/api/imports/drafts/{id}", new DraftCreated(id, 1, DraftState.Editing)), MartenOps.StartStream<ImportDraft>(id, created));
    }

}

/// <summary>GET /api/imports/drafts/{id}: what the draft would import, and what of it the register already holds.</summary>
public static class GetImportDraftEndpoint
{
    /// <summary>The plan the draft stands for, made again from its text by the importer's parser.</summary>
    public static ImportPlan Plan(ImportDraft d)
    {
        var plan = GazetteParser.Parse(d.Text);
        if (d.Jurisdiction is { } code) plan = plan.WithJurisdiction(code);
        return plan with { Documents = [.. plan.Documents.Where((_, i) => !d.Excluded.Contains(i))] };
    }

    [WolverineGet("/api/imports/drafts/{id}"), Authorize(Policy = Policies.Write)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken token)
    {
        var d = await session.LoadAsync<ImportDraft>(id, token);
        if (d is null) return Problems.NotFound($"没有导入草稿 {id} (no such import draft)").ToResult();
        var plan = Plan(d);
        var jurisdiction = plan.Gazette.Jurisdiction;
        var keys = plan.Documents.Select(x => Domain.Numbers.DocumentNumber.TryParse(x.Number, out var n) ? n.Key : x.Number).ToArray();
        var registered = jurisdiction is null ? 0 : await session.Query<Document>().CountAsync(x => x.Jurisdiction == jurisdiction && x.NumberKey.IsOneOf(keys), token);
        return Results.Ok(new ImportDraftSummary(d.Id, d.Version, d.FileName, $"{plan.Gazette.Name} {plan.Gazette.IssueLabel}", jurisdiction, d.State, d.PreparedBy,
            d.SubmittedBy, d.ReturnComment, plan.Documents.Count, registered, plan.Decisions.Count,
            [.. plan.Blocking.Select(b => $"第{b.Line}行：{b.Message}")], [.. plan.Warnings.Select(w => $"第{w.Line}行：{w.Message}")]));
    }
}

public static class SubmitImportDraftEndpoint
{
    public static ProblemDetails Validate(ImportDraftStep cmd, ImportDraft draft) => Problems.Rule(DraftRules.CanSubmit(draft));

    [WolverinePost("/api/imports/drafts/{importDraftId}/submit"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(ImportDraftStep cmd, [WriteAggregate] ImportDraft draft, HttpContext http) =>
        (Results.Ok(new DraftMoved(draft.Id, draft.Version + 1, DraftState.Submitted)), new Events { new ImportDraftSubmitted(draft.Id, FormErrors.Author(http)) });
}

public static class ReturnImportDraftEndpoint
{
    public static ProblemDetails Validate(ImportDraftStep cmd, ImportDraft draft) =>
        Documents.Lifecycle.Check([Documents.DocumentInputs.CheckText(cmd.Comment, "comment", 2000)], () => DraftRules.CanReturn(draft));

    [WolverinePost("/api/imports/drafts/{importDraftId}/return"), Authorize(Policy = Policies.Review)]
    public static (IResult, Events) Post(ImportDraftStep cmd, [WriteAggregate] ImportDraft draft, HttpContext http) =>
        (Results.Ok(new DraftMoved(draft.Id, draft.Version + 1, DraftState.Returned)),
            new Events { new ImportDraftReturned(draft.Id, cmd.Comment!.Trim(), FormErrors.Author(http)) });
}

/// <summary>
/// POST /api/imports/drafts/{id}/approve (reviewer, four eyes): the plan is made again from the draft's text and
/// committed as `./build.sh import` commits it (all or nothing); the draft is marked approved once the import committed.
/// </summary>
public static class ApproveImportDraftEndpoint
{
    public static ProblemDetails Validate(ImportDraftStep cmd, ImportDraft draft, HttpContext http) =>
        Problems.Rule(DraftRules.CanApprove(draft, FormErrors.Author(http)));

    [WolverinePost("/api/imports/drafts/{importDraftId}/approve"), Authorize(Policy = Policies.Review)]
    public static async Task<(IResult, Events)> Post(
        ImportDraftStep cmd, [WriteAggregate] ImportDraft draft, IDocumentStore store, IConfiguration config, HttpContext http, CancellationToken token)
    {
        var approver = FormErrors.Author(http);
        var plan = GetImportDraftEndpoint.Plan(draft);
        if (plan.Blocking.Count > 0)
            return (Problems.Rule(new RuleViolation("jurisdiction", string.Join("；", plan.Blocking.Select(b => b.Message)))).ToResult(), []);
        var report = await GazetteImport.Commit(plan, store, config.GetConnectionString("Marten")!,
            $"{approver} (import draft, 拟稿：{draft.PreparedBy})", draft.FileName, null, token);
        if (!report.Committed)
        {
            var refused = Problems.Rule([.. report.Refused.Select(r => new RuleViolation(r.Number, r.Detail))]);
            refused.Detail = "导入未提交，登记簿未作任何改动 (nothing was imported)";
            return (refused.ToResult(), []);
        }
        var approved = new ImportDraftApproved(draft.Id, approver, report.Registered, report.Completed, report.DecisionsApplied);
        return (Results.Ok(new { id = draft.Id, version = draft.Version + 1, report }), new Events { approved });
    }
}
