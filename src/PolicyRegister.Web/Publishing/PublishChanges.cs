using PolicyRegister.Web.Infrastructure;
using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Documents;
using Wolverine.Http;

namespace PolicyRegister.Web.Publishing;

/// <summary>GET /publish/changes?from=&amp;to=&amp;jurisdiction=&amp;format=: documents that ceased to be in force between two dates, and why.</summary>
public static class PublishChangesEndpoint
{
    [WolverineGet("/publish/changes")]
    public static async Task<IResult> Get(string? from, string? to, string? jurisdiction, string? format,
        IQuerySession session, TemplateStore templates, Site.PublicUrls urls, TimeProvider clock, CancellationToken token)
    {
        if (string.IsNullOrWhiteSpace(from) || !DocumentReads.TryParseOn(from, clock, out var start)) return Publish.Invalid(new RuleViolation("from", $"起始日期格式应为 YYYY-MM-DD ('{from}')"));
        if (!DocumentReads.TryParseOn(to, clock, out var end)) return Publish.Invalid(new RuleViolation("to", $"截止日期格式应为 YYYY-MM-DD ('{to}')"));
        if (end < start) return Publish.Invalid(new RuleViolation("to", "截止日期早于起始日期 (to is before from)"));
        if (!Publish.TryFormat(format, Publish.Lists, out var output, out var formatError)) return Publish.Invalid(formatError);
        if (string.IsNullOrWhiteSpace(jurisdiction)) return Publish.Invalid(new RuleViolation("jurisdiction", "请指定管辖区 (jurisdiction is required)"));
        if (!Jurisdictions.JurisdictionQuery.TryResolve(jurisdiction, null, out var scope, out var problem, notFound: true)) return problem!.ToResult();

        var model = await Build(session, scope!, start, end, urls, token);
        return Publish.Render(templates, "changes", model, output, $"changes-{start:yyyy-MM-dd}-{end:yyyy-MM-dd}");
    }

    /// <summary>
    /// The first day a document was no longer in force falls within [from, to]. Normative documents and rules, the
    /// same kinds as the catalogue.
    /// </summary>
    public static async Task<ChangesView> Build(IQuerySession session, Jurisdictions.JurisdictionScope scope, DateOnly from, DateOnly to, Site.PublicUrls urls, CancellationToken token)
    {
        var codes = scope.Codes.ToArray();
        var docs = await session.Query<Document>()
            .Where(d => d.Jurisdiction.IsOneOf(codes) && d.Kind != DocumentKind.Other && d.InForceUntil >= from && d.InForceUntil <= to)
            .ToListAsync(token);
        var seq = 0;
        var rows = docs.OrderBy(d => d.InForceUntil).ThenBy(d => d.Number, StringComparer.Ordinal).Select(d =>
        {
            var status = d.UntilStatus ?? ValidityStatus.Unknown;
            var basis = status == ValidityStatus.Expired ? d.ExpiryBasis : d.EndBasis;
            return new ChangeRow(++seq, d.Id.ToString(), Printed.Inner(d.Title), d.Number ?? "", Printed.Date(d.InForceUntil), Printed.Code(status), Printed.Status(status),
                status == ValidityStatus.Expired ? "有效期届满" : basis?.Number ?? "", basis?.Title ?? "") { Url = Site.Eli.Of(d), Uri = urls.Absolute(Site.Eli.Of(d)) };
        }).ToList();
        var upToDate = await DocumentReads.UpToDateAsOf(session, null, token);
        return new ChangesView($"{scope.Name}失效和废止的行政规范性文件", scope.Name, Printed.Iso(from), Printed.Iso(to), Printed.Date(from), Printed.Date(to),
            rows.Count, rows, Printed.Moment(upToDate));
    }
}
