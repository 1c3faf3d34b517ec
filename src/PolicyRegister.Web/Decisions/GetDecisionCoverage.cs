using Marten;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Decisions;

public sealed record CoverageDocument(Guid Id, string? Number, string Title, IReadOnlyList<string> Issuers, ValidityStatus Status, DateOnly? Since, LegalBasis? Basis);

public sealed record DecisionCoverage(
    Guid DecisionId, string Number, string Scope, DateOnly InForceOn, int InForce, int Named,
    IReadOnlyList<CoverageDocument> NotMentioned, IReadOnlyList<CoverageDocument> EndedRows);

/// <summary>
/// GET /api/decisions/{idOrNumber}/coverage?jurisdiction=&amp;scope=issuer|jurisdiction: what a cleanup left out —
/// the normative documents and rules in force the day before the decision took effect, of the decision's issuers
/// (default) or of its whole jurisdiction, that no row names; and the rows whose document had already ended by then.
/// </summary>
public static class GetDecisionCoverageEndpoint
{
    [WolverineGet("/api/decisions/{idOrNumber}/coverage")]
    public static async Task<IResult> Get(string idOrNumber, string? jurisdiction, string? scope, IQuerySession session, CancellationToken token)
    {
        if (scope is not (null or "" or "issuer" or "jurisdiction"))
            return Problems.Invalid(new RuleViolation("scope", "scope 取 issuer 或 jurisdiction (scope must be issuer or jurisdiction)")).ToResult();
        var (decision, problem) = await GetDecisionEndpoint.Find(session, idOrNumber, jurisdiction, token);
        if (decision is null) return problem!.ToResult();

        var byIssuer = scope is not "jurisdiction";
        var named = decision.Outcomes.Select(o => o.DocumentId).ToHashSet();
        var (day, inForce, notMentioned, ended) = await Compute(session, decision.Jurisdiction, decision.Issuers, decision.EffectiveOn,
            decision.DocumentId, named, byIssuer, token);
        return Results.Ok(new DecisionCoverage(decision.Id, decision.Number, byIssuer ? "issuer" : "jurisdiction", day, inForce,
            named.Count, notMentioned, ended));
    }

    /// <summary>
    /// The one coverage rule, for an applied decision and for a draft: the documents in force the day before the
    /// decision takes effect (of its issuers, or its jurisdiction) that no row names, and the named ones already ended.
    /// </summary>
    public static async Task<(DateOnly Day, int InForce, IReadOnlyList<CoverageDocument> NotMentioned, IReadOnlyList<CoverageDocument> EndedRows)> Compute(
        IQuerySession session, string jurisdiction, IReadOnlyList<string> issuers, DateOnly effectiveOn, Guid? self, IReadOnlySet<Guid> named,
        bool byIssuer, CancellationToken token)
    {
        var day = effectiveOn.AddDays(-1);
        var query = session.Query<Document>().Where(d => d.Jurisdiction == jurisdiction && d.Kind != DocumentKind.Other);
        var inForce = (await SearchDocumentsEndpoint.WithStatusOn(query, ValidityStatus.InForce, day).ToListAsync(token))
            .Where(d => !byIssuer || d.Issuers.Intersect(issuers).Any())
            .Where(d => d.Id != self)
            .ToList();
        var notMentioned = inForce.Where(d => !named.Contains(d.Id)).OrderBy(d => d.SignedOn).ThenBy(d => d.Number).Select(d => View(d, day)).ToList();
        var targets = named.Count == 0 ? [] : await session.LoadManyAsync<Document>(token, named);
        var ended = targets.Select(d => View(d, day)).Where(v => v.Status is not (ValidityStatus.InForce or ValidityStatus.Unknown or ValidityStatus.NotYetEffective)).ToList();
        return (day, inForce.Count, notMentioned, ended);
    }

    private static CoverageDocument View(Document d, DateOnly on)
    {
        var a = Validity.On(d, on);
        return new CoverageDocument(d.Id, d.Number, d.Title, d.Issuers, a.Status, a.Since, a.Basis);
    }
}
