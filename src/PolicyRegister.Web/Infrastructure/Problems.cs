using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using Wolverine.Http;

namespace PolicyRegister.Web.Infrastructure;

/// <summary>ProblemDetails that say what was wrong and where (the field), in Chinese and English.</summary>
public static class Problems
{
    public static ProblemDetails None => WolverineContinue.NoProblems;

    /// <summary>A person's browser asking for a page (not the API or open data): it gets HTML in Chinese.</summary>
    public static bool WantsPage(HttpRequest request) =>
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/data")
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    public static ProblemDetails Invalid(params IEnumerable<RuleViolation?> violations) =>
        Build(StatusCodes.Status400BadRequest, "输入有误 (invalid input)", violations);

    public static ProblemDetails Rule(params IEnumerable<RuleViolation?> violations) =>
        Build(StatusCodes.Status422UnprocessableEntity, "违反登记规则 (the register's rules forbid this)", violations);

    public static ProblemDetails Conflict(string detail) =>
        new() { Status = StatusCodes.Status409Conflict, Title = "冲突 (conflict)", Detail = detail };

    public static ProblemDetails NotFound(string what) =>
        new() { Status = StatusCodes.Status404NotFound, Title = "未找到 (not found)", Detail = what };

    private static ProblemDetails Build(int status, string title, IEnumerable<RuleViolation?> violations)
    {
        var list = violations.OfType<RuleViolation>().ToList();
        if (list.Count == 0) return None;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = string.Join("; ", list.Select(v => $"{v.Field}: {v.Message}")),
        };
        problem.Extensions["errors"] = list
            .GroupBy(v => v.Field)
            .ToDictionary(g => g.Key, g => g.Select(v => v.Message).ToArray());
        return problem;
    }

    public static IResult ToResult(this ProblemDetails problem) => Results.Problem(problem);
}
