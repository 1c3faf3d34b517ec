using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Documents;

/// <summary>
/// GET /api/documents/{id}/status?on=YYYY-MM-DD&amp;asOf=ISO-timestamp: was it in force on the legal date
/// <c>on</c> (default today, Beijing time), as the register knew it at <c>asOf</c> (default now)?
/// </summary>
public static class GetDocumentStatusEndpoint
{
    [WolverineGet("/api/documents/{id}/status")]
    public static async Task<IResult> Get(Guid id, string? on, string? asOf, IQuerySession session, TimeProvider clock, CancellationToken token)
    {
        if (!DocumentReads.TryParseOn(on, clock, out var date))
            return Problems.Invalid(new RuleViolation("on", $"日期格式应为 YYYY-MM-DD ('{on}' is not a date YYYY-MM-DD)")).ToResult();
        if (!DocumentReads.TryParseAsOf(asOf, out var recordedBy))
            return Problems.Invalid(new RuleViolation("asOf", $"时间格式应为 ISO 8601 ('{asOf}' is not a timestamp such as 2024-03-01T08:00:00Z)")).ToResult();

        // Now: the inline snapshot, one indexed read. As of a past moment: that one stream, folded up to the moment.
        Document? doc;
        DateTimeOffset? lastRecorded;
        if (recordedBy is null)
        {
            var batch = session.CreateBatchQuery();
            var snapshot = batch.Load<Document>(id);
            var state = batch.Events.FetchStreamState(id);
            await batch.Execute(token);
            doc = await snapshot;
            lastRecorded = (await state)?.LastTimestamp;
        }
        else
        {
            var (folded, events) = await DocumentReads.LoadAsOf(session, id, recordedBy, token);
            doc = folded;
            lastRecorded = events.Count > 0 ? events[^1].Timestamp : null;
        }
        if (doc is null)
            return Problems.NotFound(recordedBy is null ? $"登记簿中没有文件 {id} (no document {id})" : $"{recordedBy:O} 时登记簿中尚无文件 {id} (the register did not know document {id} yet)").ToResult();

        var upToDate = await DocumentReads.UpToDateAsOf(session, recordedBy, token);
        return Results.Ok(DocumentReads.Status(doc, date, recordedBy, lastRecorded, upToDate));
    }
}
