using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Publishing;

/// <summary>GET /publish/documents/{id}/certificate?on=&amp;format=html|txt: one document's status on a date, its basis and its timeline.</summary>
public static class PublishCertificateEndpoint
{
    [WolverineGet("/publish/documents/{id}/certificate")]
    public static async Task<IResult> Get(Guid id, string? on, string? format, IQuerySession session, TemplateStore templates, TimeProvider clock, CancellationToken token)
    {
        if (!DocumentReads.TryParseOn(on, clock, out var date)) return Publish.Invalid(new RuleViolation("on", $"日期格式应为 YYYY-MM-DD ('{on}')"));
        if (!Publish.TryFormat(format, Publish.Texts, out var output, out var formatError)) return Publish.Invalid(formatError);
        var model = await Build(session, id, date, clock.GetUtcNow(), token);
        return model is null
            ? Problems.NotFound($"登记簿中没有文件 {id} (no document {id})").ToResult()
            : Publish.Render(templates, "certificate", model, output, $"certificate-{id}");
    }

    public static async Task<CertificateView?> Build(IQuerySession session, Guid id, DateOnly on, DateTimeOffset issuedAt, CancellationToken token)
    {
        var (doc, events) = await DocumentReads.LoadAsOf(session, id, null, token);
        if (doc is null) return null;
        var answer = Validity.On(doc, on);
        var upToDate = await DocumentReads.UpToDateAsOf(session, null, token);
        var timeline = DocumentReads.TimelineOf(events, names: false)
            .Select(t => new CertificateFact(Printed.Date(t.LegalDate), t.Summary, t.Basis?.Number ?? "", Printed.Moment(t.RecordedAt), t.RecordedBy ?? ""))
            .ToList();
        return new CertificateView(doc.Id.ToString(), doc.Number ?? "", Printed.Inner(doc.Title), string.Join("、", doc.Issuers), Domain.Jurisdictions.Divisions.NameOf(doc.Jurisdiction),
            Printed.Iso(on), Printed.Date(on), Printed.Code(answer.Status), Printed.Status(answer.Status), Printed.Date(answer.Since),
            answer.Basis?.Number ?? "", answer.Basis?.Title ?? "", answer.PendingAmendment, Printed.Expiry(doc), Printed.Effective(doc),
            timeline, Printed.Moment(upToDate), Printed.Moment(issuedAt))
        {
            Caveat = DocumentReads.TermCaveat(answer, on).Caveat ?? "",
        };
    }
}
