using PolicyRegister.Web.Infrastructure;
using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Documents;
using Wolverine.Http;

namespace PolicyRegister.Web.Publishing;

/// <summary>
/// GET /publish/catalogue?on=&amp;jurisdiction=&amp;issuer=&amp;groupBy=issuer|year&amp;format=html|txt|csv:
/// the catalogue of valid normative documents (现行有效行政规范性文件目录) on a date.
/// </summary>
public static class PublishCatalogueEndpoint
{
    [WolverineGet("/publish/catalogue")]
    public static async Task<IResult> Get(string? on, string? jurisdiction, string? include, string? issuer, string? groupBy, string? format,
        IQuerySession session, TemplateStore templates, Site.PublicUrls urls, TimeProvider clock, CancellationToken token)
    {
        if (!DocumentReads.TryParseOn(on, clock, out var date)) return Publish.Invalid(new RuleViolation("on", $"日期格式应为 YYYY-MM-DD ('{on}')"));
        if (!Publish.TryFormat(format, Publish.Lists, out var output, out var formatError)) return Publish.Invalid(formatError);
        if (string.IsNullOrWhiteSpace(jurisdiction)) return Publish.Invalid(new RuleViolation("jurisdiction", "请指定管辖区 (jurisdiction is required)"));
        if (!Jurisdictions.JurisdictionQuery.TryResolve(jurisdiction, include, out var scope, out var problem, notFound: true)) return problem!.ToResult();
        if (groupBy is not (null or "" or "issuer" or "year")) return Publish.Invalid(new RuleViolation("groupBy", "分组方式为 issuer 或 year (groupBy must be issuer or year)"));

        var model = await Build(session, scope!, issuer?.Trim(), date, groupBy is "year" ? "year" : "issuer", urls, token);
        return Publish.Render(templates, "catalogue", model, output, $"catalogue-{date:yyyy-MM-dd}");
    }

    /// <summary>Normative documents and rules (kind other than `other`), the same kinds as the changes list.</summary>
    public static async Task<CatalogueView> Build(IQuerySession session, Jurisdictions.JurisdictionScope scope, string? issuer, DateOnly on, string groupBy,
        Site.PublicUrls urls, CancellationToken token)
    {
        var codes = scope.Codes.ToArray();
        var query = session.Query<Document>().Where(d => d.Jurisdiction.IsOneOf(codes) && d.Kind != DocumentKind.Other);
        if (!string.IsNullOrWhiteSpace(issuer)) query = query.Where(d => d.Issuers.Contains(issuer));
        var docs = await SearchDocumentsEndpoint.WithStatusOn(query, ValidityStatus.InForce, on).ToListAsync(token);
        var upToDate = await DocumentReads.UpToDateAsOf(session, null, token);

        // A document listed only by a decision has no issuer: its number's code names the organ when the register knows it.
        var learnt = Domain.Numbers.IssuerInference.Learn(docs.Select(d => (d.Number, (IReadOnlyList<string>)d.Issuers)));
        string IssuerOf(Document d) => d.Issuers.FirstOrDefault() ?? Domain.Numbers.IssuerInference.Infer(learnt, d.Number) ?? "（发文机关不详）";
        string IssuersShown(Document d) => d.Issuers.Count > 0 ? string.Join("、", d.Issuers)
            : Domain.Numbers.IssuerInference.Infer(learnt, d.Number) is { } organ ? $"{organ}（据文号推定）" : "";
        var seq = 0;
        var groups = docs
            .GroupBy(d => groupBy == "year" ? YearOf(d) : IssuerOf(d))
            .OrderBy(g => groupBy == "year" ? g.Key : g.Key.Length.ToString("D3") + g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(d => d.SignedOn ?? DateOnly.MaxValue).ThenBy(d => d.Number, StringComparer.Ordinal).ToList())
            .Select(g => new CatalogueGroup(
                groupBy == "year" ? YearOf(g[0]) : IssuerOf(g[0]),
                g.Count,
                g.Select(d => new CatalogueRow(++seq, d.Id.ToString(), Printed.Inner(d.Title), d.Number ?? "", IssuersShown(d),
                    Printed.Date(d.SignedOn), Printed.Effective(d), Printed.Expiry(d), d.Trial)
                {
                    Partial = PartialMark(d, on),
                    EndingSoon = d.ExpiresOn is { } x && x >= on && x <= on.AddDays(EndingSoonDays),
                    Url = Site.Eli.Of(d),
                    Uri = urls.Absolute(Site.Eli.Of(d)),
                }).ToList()))
            .ToList();
        return new CatalogueView($"{issuer ?? scope.Name}现行有效行政规范性文件目录", scope.Name, issuer, Printed.Iso(on), Printed.Date(on),
            groupBy, docs.Count, groups, Printed.Moment(upToDate));
    }

    public const int EndingSoonDays = 90;

    private static string PartialMark(Document d, DateOnly on)
    {
        var parts = Validity.PartsEndedBy(d, on);
        if (parts.Count == 0) return "";
        var how = parts.All(p => p.As == ValidityStatus.DeclaredInvalid) ? "部分失效" : "部分废止";
        return $"{how}：{Validity.EndedScope(parts)!.Describe()}";
    }

    private static string YearOf(Document d) =>
        d.SignedOn?.Year.ToString() ?? (d.Number is { } n && Domain.Numbers.DocumentNumber.TryParse(n, out var x) && x.Year is { } y ? y.ToString() : "年份不详");
}
