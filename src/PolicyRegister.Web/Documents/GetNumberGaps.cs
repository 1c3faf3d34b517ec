using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Documents;

public sealed record NumberGapsAnswer(string Jurisdiction, string JurisdictionName, int Series, int SeriesWithGaps, IReadOnlyList<SeriesGaps> Gaps);

/// <summary>
/// GET /api/numbers/gaps?jurisdiction=&amp;issuerCode=&amp;year=: for each number series of the jurisdiction, the serials
/// below the highest registered one that the register does not hold — documents it may have missed.
/// </summary>
public static class GetNumberGapsEndpoint
{
    [WolverineGet("/api/numbers/gaps")]
    public static async Task<IResult> Get(string? jurisdiction, string? issuerCode, string? year, IQuerySession session, CancellationToken token)
    {
        if (string.IsNullOrWhiteSpace(jurisdiction))
            return Problems.Invalid(new RuleViolation("jurisdiction", "请指定管辖区 (jurisdiction is required)")).ToResult();
        if (!Jurisdictions.JurisdictionQuery.TryResolve(jurisdiction, null, out var scope, out var problem)) return problem!.ToResult();
        int? onlyYear = null;
        if (!string.IsNullOrWhiteSpace(year))
        {
            if (!int.TryParse(year, out var y) || y is < 1949 or > 2100)
                return Problems.Invalid(new RuleViolation("year", "年份应为 1949–2100 的整数 (year must be a whole number 1949–2100)")).ToResult();
            onlyYear = y;
        }
        var code = scope!.Code;
        var numbers = await session.Query<Document>().Where(d => d.Jurisdiction == code && d.NumberKey != null)
            .Select(d => d.Number!).ToListAsync(token);
        var parsed = numbers.Select(n => DocumentNumber.TryParse(n, out var x) ? x : null).OfType<DocumentNumber>()
            .Where(n => (string.IsNullOrWhiteSpace(issuerCode) || n.IssuerCode == issuerCode.Trim()) && (onlyYear is null || n.Year == onlyYear));
        var series = NumberSeries.Gaps(parsed);
        var withGaps = series.Where(s => s.Missing.Count > 0).ToList();
        return Results.Ok(new NumberGapsAnswer(code, scope.Name, series.Count, withGaps.Count, withGaps));
    }
}
