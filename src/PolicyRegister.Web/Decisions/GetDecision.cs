using Marten;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Decisions;

public sealed record DecisionDetails(
    Guid Id, Guid DocumentId, string Number, string Title, IReadOnlyList<string> Issuers, string Jurisdiction,
    DateOnly? SignedOn, DateOnly EffectiveOn, DecisionState State, Dictionary<string, int> Counts,
    IReadOnlyList<DecisionItem> Items, IReadOnlyList<ItemOutcome> Outcomes);

/// <summary>GET /api/decisions/{idOrNumber}: the items, their targets and what each did. A number may be in any written form.</summary>
public static class GetDecisionEndpoint
{
    [WolverineGet("/api/decisions/{idOrNumber}")]
    public static async Task<IResult> Get(string idOrNumber, string? jurisdiction, IQuerySession session, CancellationToken token)
    {
        var (decision, problem) = await Find(session, idOrNumber, jurisdiction, token);
        return decision is null ? problem!.ToResult() : Results.Ok(Details(decision));
    }

    /// <summary>A decision by its id or by its number in any written form (with the jurisdiction where several have it); else the problem to answer.</summary>
    public static async Task<(Decision? Decision, Microsoft.AspNetCore.Mvc.ProblemDetails? Problem)> Find(
        IQuerySession session, string idOrNumber, string? jurisdiction, CancellationToken token)
    {
        Decision? decision;
        if (Guid.TryParse(idOrNumber, out var id)) decision = await session.LoadAsync<Decision>(id, token);
        else if (DocumentNumber.TryParse(idOrNumber, out var number, out var error))
        {
            if (!Jurisdictions.JurisdictionQuery.TryResolve(jurisdiction, null, out var scope, out var jurisdictionProblem))
                return (null, jurisdictionProblem);
            var key = number.Key;
            var code = scope?.Code;
            var found = await session.Query<Decision>()
                .Where(d => d.NumberKey == key && (code == null || d.Jurisdiction == code))
                .Take(2).ToListAsync(token);
            if (found.Count > 1)
                return (null, Problems.Invalid(new Domain.Documents.RuleViolation("jurisdiction", "多个管辖区有此文号的决定，请指定 jurisdiction (several jurisdictions have this number)")));
            decision = found.FirstOrDefault();
        }
        else return (null, Problems.Invalid(new Domain.Documents.RuleViolation("idOrNumber", error)));
        return decision is null ? (null, Problems.NotFound($"登记簿中没有决定 {idOrNumber} (no decision {idOrNumber})")) : (decision, null);
    }

    public static DecisionDetails Details(Decision d) => new(d.Id, d.DocumentId, d.Number, d.Title, d.Issuers, d.Jurisdiction,
        d.SignedOn, d.EffectiveOn, d.State, DecisionInputs.Counts(d.Items), d.Items, d.Outcomes);
}

public sealed record DecisionSummary(Guid Id, Guid DocumentId, string Number, string Title, string Jurisdiction, DateOnly? SignedOn, DateOnly EffectiveOn, DecisionState State, Dictionary<string, int> Counts);

/// <summary>GET /api/decisions?jurisdiction=: newest first.</summary>
public static class ListDecisionsEndpoint
{
    [WolverineGet("/api/decisions")]
    public static async Task<IResult> Get(string? jurisdiction, IQuerySession session, CancellationToken token)
    {
        if (!Jurisdictions.JurisdictionQuery.TryResolve(jurisdiction, null, out var scope, out var problem)) return problem!.ToResult();
        var query = session.Query<Decision>().AsQueryable();
        if (scope is not null) query = query.Where(d => d.Jurisdiction == scope.Code);
        var list = await query.OrderByDescending(d => d.EffectiveOn).Take(500).ToListAsync(token);
        return Results.Ok(list.Select(d => new DecisionSummary(d.Id, d.DocumentId, d.Number, d.Title, d.Jurisdiction, d.SignedOn, d.EffectiveOn, d.State, DecisionInputs.Counts(d.Items))).ToList());
    }
}
