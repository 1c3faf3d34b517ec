using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Jurisdictions;

public sealed record DivisionSummary(string Code, string Name, string FullName, DivisionLevel Level, string? Parent);

public sealed record DivisionDetails(
    string Code, string Name, string FullName, DivisionLevel Level, DivisionSummary? Parent,
    int Documents, int DocumentsWithChildren, IReadOnlyList<DivisionCount> Children);

public sealed record DivisionCount(DivisionSummary Division, int Documents);

/// <summary>
/// GET /api/jurisdictions?q= (search by name, short name or code) and GET /api/jurisdictions/{code}: the
/// administrative divisions a jurisdiction must be, with the register's document counts.
/// </summary>
public static class GetJurisdictionsEndpoint
{
    [WolverineGet("/api/jurisdictions")]
    public static IResult Search(string? q, string? limit)
    {
        if (string.IsNullOrWhiteSpace(q)) return Problems.Invalid(new RuleViolation("q", "请给出名称或代码 (q is required: a name or a code)")).ToResult();
        if (q.Length > 100) return Problems.Invalid(new RuleViolation("q", "检索词过长，最多100个字符 (at most 100 characters)")).ToResult();
        var count = int.TryParse(limit, out var n) && n is > 0 and <= 100 ? n : 20;
        var found = Divisions.Search(q, count);
        // A name that resolves (a short form, a name with its parents, an organ) is the best answer even when no name contains it.
        if (Divisions.Resolve(q).Division is { } resolved && !found.Contains(resolved)) found = [resolved, .. found.Take(count - 1)];
        return Results.Ok(found.Select(Summary).ToList());
    }

    [WolverineGet("/api/jurisdictions/{code}")]
    public static async Task<IResult> Get(string code, HeldJurisdictions jurisdictions, CancellationToken token)
    {
        var resolution = Divisions.Resolve(code);
        if (resolution.Division is not { } d)
            return Problems.NotFound(resolution.Message).ToResult();
        var held = await jurisdictions.Counts(token);
        int Below(string c) => Divisions.SelfAndDescendants(c).Sum(x => held.GetValueOrDefault(x.Code));
        return Results.Ok(new DivisionDetails(d.Code, d.Name, Divisions.FullName(d), d.Level,
            Divisions.Parent(d) is { } p ? Summary(p) : null, held.GetValueOrDefault(d.Code), Below(d.Code),
            [.. Divisions.Children(d.Code).Select(c => new DivisionCount(Summary(c), Below(c.Code)))]));
    }

    public static DivisionSummary Summary(Division d) => new(d.Code, d.Name, Divisions.FullName(d), d.Level, d.ParentCode);
}
