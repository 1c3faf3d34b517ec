using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Web.Infrastructure;

namespace PolicyRegister.Web.Jurisdictions;

/// <summary>Which divisions a list covers: the division only, or with every division above or below it.</summary>
public enum JurisdictionInclude { Self, Parents, Children }

/// <summary>A `jurisdiction` query parameter resolved at the edge: the division's code, and the codes a list covers.</summary>
public sealed record JurisdictionScope(Division Division, IReadOnlyList<string> Codes)
{
    public string Code => Division.Code;
    public string Name => Division.Name;

    public static JurisdictionScope Of(Division d, JurisdictionInclude include) => new(d, include switch
    {
        JurisdictionInclude.Parents => [.. Divisions.SelfAndAncestors(d.Code).Select(x => x.Code)],
        JurisdictionInclude.Children => [.. Divisions.SelfAndDescendants(d.Code).Select(x => x.Code)],
        _ => [d.Code],
    });
}

public static class JurisdictionQuery
{
    /// <summary>
    /// Resolves an optional `jurisdiction` (name, code or short form) and `include` (parents, children). Empty means
    /// every jurisdiction (scope null). An unknown or ambiguous one is a 400 naming the closest divisions; `notFound`
    /// makes it a 404 instead (a published list of a division that does not exist).
    /// </summary>
    public static bool TryResolve(string? jurisdiction, string? include, out JurisdictionScope? scope, out ProblemDetails? problem, bool notFound = false)
    {
        scope = null;
        problem = null;
        JurisdictionInclude how;
        switch (include?.Trim().ToLowerInvariant())
        {
            case null or "" or "self": how = JurisdictionInclude.Self; break;
            case "parents": how = JurisdictionInclude.Parents; break;
            case "children": how = JurisdictionInclude.Children; break;
            default:
                problem = Problems.Invalid(new RuleViolation("include", "include 取 parents 或 children (include must be parents or children)"));
                return false;
        }
        if (string.IsNullOrWhiteSpace(jurisdiction)) return true;
        var resolution = Divisions.Resolve(jurisdiction);
        if (resolution.Division is { } d)
        {
            scope = JurisdictionScope.Of(d, how);
            return true;
        }
        problem = notFound
            ? new ProblemDetails { Status = 404, Title = "没有这个管辖区 (no such jurisdiction)", Detail = resolution.Message }
            : Problems.Invalid(new RuleViolation("jurisdiction", resolution.Message));
        return false;
    }
}
