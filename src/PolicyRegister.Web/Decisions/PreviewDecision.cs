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

public sealed record PreviewItem(
    int Index, int Seq, DecisionAction Action, string Title, string? Number, ItemMatch Match,
    Guid? DocumentId, double? Score, DateOnly EffectiveOn, bool Duplicate,
    IReadOnlyList<CandidateScore> Candidates, IReadOnlyList<RuleViolation> Problems);

public sealed record DecisionPreview(
    string Number, string Jurisdiction, DateOnly EffectiveOn, bool CanApply, bool AlreadyApplied,
    Guid? DecisionId, Dictionary<string, int> Counts, Dictionary<string, int> Matches, IReadOnlyList<PreviewItem> Items);

/// <summary>POST /api/decisions/preview: the match report of every item. Nothing is stored.</summary>
public static class PreviewDecisionEndpoint
{
    public static ProblemDetails Validate(DecisionInput cmd) => Problems.Invalid(DecisionInputs.Check(cmd));

    [WolverinePost("/api/decisions/preview"), Authorize(Policy = Policies.Write)]
    public static async Task<DecisionPreview> Post(DecisionInput cmd, IQuerySession session, CancellationToken token)
    {
        var context = await DecisionInputs.Load(session, cmd, token);
        return Report(cmd, context, DecisionInputs.Plan(cmd, context));
    }

    public static DecisionPreview Report(DecisionInput cmd, DecisionInputs.Context context, DecisionPlan plan)
    {
        var items = plan.Items.Select(p => new PreviewItem(p.Index, p.Item.Seq, p.Item.Action, p.Item.Title, p.CanonicalNumber ?? p.Item.Number,
            p.Match, p.DocumentId, p.Score, p.EffectiveOn, p.Duplicate, p.Candidates, p.Problems)).ToList();
        var matches = Enum.GetValues<ItemMatch>().ToDictionary(m => ConfigureHttp.EnumNaming.ConvertName(m.ToString()), m => items.Count(i => i.Match == m));
        var applied = context.Existing is { State: DecisionState.Applied };
        return new DecisionPreview(Domain.Numbers.DocumentNumber.Parse(cmd.Number).Canonical, DocumentInputs.JurisdictionCode(cmd.Jurisdiction),
            DecisionInputs.EffectiveOn(cmd)!.Value, plan.CanApply && !applied, applied, context.Existing?.Id,
            DecisionInputs.Counts(DecisionInputs.Items(cmd)), matches, items);
    }
}
