using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Decisions;

/// <param name="Match">How sure the match is: number_and_title, number_only, title, inner_title, confirmed, ambiguous, none.</param>
/// <param name="MatchedBy">What the apply would do with the row: number, title, resolved (a person chose), ambiguous, new.</param>
/// <param name="NeedsConfirmation">Matched by number, but the titles disagree: apply refuses until the row is confirmed
/// (its documentId sent back) or corrected.</param>
public sealed record PreviewItem(
    int Index, int Seq, DecisionAction Action, string Title, string? Number, MatchConfidence Match, ItemMatch MatchedBy,
    Guid? DocumentId, string? RegisterNumber, string? RegisterTitle, double? TitleSimilarity, bool NeedsConfirmation,
    double? Score, DateOnly EffectiveOn, bool Duplicate,
    IReadOnlyList<CandidateScore> Candidates, IReadOnlyList<RuleViolation> Problems, IReadOnlyList<string> Warnings)
{
    /// <summary>The verb as the decision wrote it.</summary>
    public string? Verb { get; init; }
    public string? ReasonText { get; init; }
    /// <summary>The articles or annexes the row acts on; null is the whole document.</summary>
    public PartScope? Scope { get; init; }
    /// <summary>Listed for information only: applying it records a note, never an ending.</summary>
    public bool Reference { get; init; }
    public string? EndedBy { get; init; }
}

public sealed record DecisionPreview(
    string Number, string Jurisdiction, DateOnly EffectiveOn, bool CanApply, bool AlreadyApplied,
    Guid? DecisionId, Dictionary<string, int> Counts, Dictionary<string, int> Matches, IReadOnlyList<PreviewItem> Items)
{
    /// <summary>The draft's coverage before it is applied: documents of its issuers in force the day before that no row names.</summary>
    public DraftCoverage? Coverage { get; init; }
}

public sealed record DraftCoverage(DateOnly InForceOn, int InForce, int NotMentionedCount, IReadOnlyList<CoverageDocument> NotMentioned);

/// <summary>POST /api/decisions/preview: the match report of every item. Nothing is stored.</summary>
public static class PreviewDecisionEndpoint
{
    public static ProblemDetails Validate(DecisionInput cmd) => Problems.Invalid(DecisionInputs.Check(cmd));

    [WolverinePost("/api/decisions/preview"), Authorize(Policy = Policies.Write)]
    public static async Task<DecisionPreview> Post(DecisionInput cmd, IQuerySession session, CancellationToken token)
    {
        var context = await DecisionInputs.Load(session, cmd, token);
        var plan = DecisionInputs.Plan(cmd, context);
        return Report(cmd, context, plan) with { Coverage = await Coverage(session, cmd, context, plan, token) };
    }

    /// <summary>What the draft leaves out, by the same rule as an applied decision's coverage (its issuers' documents).</summary>
    public static async Task<DraftCoverage> Coverage(IQuerySession session, DecisionInput cmd, DecisionInputs.Context context, DecisionPlan plan, CancellationToken token)
    {
        var named = plan.Items.Where(i => i.DocumentId is not null).Select(i => i.DocumentId!.Value).ToHashSet();
        var (day, inForce, notMentioned, _) = await GetDecisionCoverageEndpoint.Compute(session, DocumentInputs.JurisdictionCode(cmd.Jurisdiction),
            [.. cmd.Issuers!.Select(i => i.Trim())], DecisionInputs.EffectiveOn(cmd)!.Value, context.DecisionDocument?.Id, named, byIssuer: true, token);
        return new DraftCoverage(day, inForce, notMentioned.Count, [.. notMentioned.Take(200)]);
    }

    public static DecisionPreview Report(DecisionInput cmd, DecisionInputs.Context context, DecisionPlan plan)
    {
        var items = plan.Items.Select(p => new PreviewItem(p.Index, p.Item.Seq, p.Item.Action, p.Item.Title, p.CanonicalNumber ?? p.Item.Number,
            p.Report.Match, p.Match, p.DocumentId, p.Report.RegisterNumber, p.Report.RegisterTitle, p.Report.TitleSimilarity, p.Report.NeedsConfirmation,
            p.Score, p.EffectiveOn, p.Duplicate, p.Candidates, p.Problems, p.Report.Warnings)
        {
            Verb = p.Item.Verb, ReasonText = p.Item.ReasonText, Scope = p.Item.Scope, Reference = p.Item.Reference, EndedBy = p.Item.EndedBy,
        }).ToList();
        var matches = Enum.GetValues<MatchConfidence>().ToDictionary(m => ConfigureHttp.EnumNaming.ConvertName(m.ToString()), m => items.Count(i => i.Match == m));
        var applied = context.Existing is { State: DecisionState.Applied };
        return new DecisionPreview(Domain.Numbers.DocumentNumber.Parse(cmd.Number).Canonical, DocumentInputs.JurisdictionCode(cmd.Jurisdiction),
            DecisionInputs.EffectiveOn(cmd)!.Value, plan.CanApply && !applied, applied, context.Existing?.Id,
            DecisionInputs.Counts(DecisionInputs.Items(cmd)), matches, items);
    }
}
