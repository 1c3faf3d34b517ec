using Microsoft.Net.Http.Headers;

namespace PolicyRegister.Web.Site;

/// <summary>
/// Content negotiation for the public URIs (a document, a decision, the catalogue, the changes): the representation
/// the request's Accept header ranks highest among those offered, HTML when it names none; null when it accepts none
/// of them (the caller answers 406). Every negotiated answer carries <c>Vary: Accept</c>.
/// </summary>
public static class Negotiation
{
    public const string Html = "text/html";
    public const string Json = "application/json";
    public const string Csv = "text/csv";
    public const string Atom = "application/atom+xml";

    public static string? Choose(HttpContext http, params string[] offered)
    {
        http.Response.Headers.Vary = HeaderNames.Accept;
        var accept = http.Request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept)) return offered[0];
        if (!MediaTypeHeaderValue.TryParseList(accept.Split(','), out var ranges)) return offered[0];
        // Highest quality first; among equals, the more specific range first (text/csv before text/* before */*).
        var ordered = ranges.Where(r => (r.Quality ?? 1) > 0)
            .OrderByDescending(r => r.Quality ?? 1)
            .ThenBy(r => r.MatchesAllTypes ? 2 : r.MatchesAllSubTypes ? 1 : 0);
        foreach (var range in ordered)
        {
            foreach (var type in offered)
                if (new MediaTypeHeaderValue(type).IsSubsetOf(range)) return type;
        }
        return null;
    }

    public static IResult NotAcceptable(params string[] offered) => Results.Problem(statusCode: StatusCodes.Status406NotAcceptable,
        title: "无法提供所要求的格式 (not acceptable)",
        detail: $"本地址可提供 {string.Join("、", offered)}；请调整 Accept 请求头 (this URI offers {string.Join(", ", offered)}).");
}
