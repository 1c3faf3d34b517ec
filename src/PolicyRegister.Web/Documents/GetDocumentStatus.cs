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
    public static async Task<IResult> Get(Guid id, string? on, string? asOf, IQuerySession session, RegisterFreshness freshness, TimeProvider clock,
        Jurisdictions.JurisdictionChecks checks, CancellationToken token)
    {
        if (!DocumentReads.TryParseOn(on, clock, out var date))
            return Problems.Invalid(new RuleViolation("on", $"日期格式应为 YYYY-MM-DD ('{on}' is not a date YYYY-MM-DD)")).ToResult();
        if (!DocumentReads.TryParseAsOf(asOf, out var recordedBy))
            return Problems.Invalid(new RuleViolation("asOf", $"时间格式应为 ISO 8601 ('{asOf}' is not a timestamp such as 2024-03-01T08:00:00Z)")).ToResult();

        // Now: the inline snapshot, one indexed read. As of a past moment: that one stream, folded up to the moment.
        Document? doc;
        long version;
        DateTimeOffset? lastRecorded;
        if (recordedBy is null)
        {
            // One statement, the hot path of public lookups: the snapshot and its stream's version, both by key; the
            // document's last recorded time is in its timeline.
            (doc, version) = await DocumentReads.LoadCurrent(session, id, token);
            lastRecorded = null;
        }
        else
        {
            var (folded, events) = await DocumentReads.LoadAsOf(session, id, recordedBy, token);
            doc = folded;
            version = events.Count > 0 ? events[^1].Version : 0;
            lastRecorded = events.Count > 0 ? events[^1].Timestamp : null;
        }
        if (doc is null)
            return Problems.NotFound(recordedBy is null ? $"登记簿中没有文件 {id} (no document {id})" : $"{recordedBy:O} 时登记簿中尚无文件 {id} (the register did not know document {id} yet)").ToResult();

        return await Answer(doc, version, date, recordedBy, lastRecorded, session, freshness, checks, token);
    }

    /// <summary>
    /// GET /api/documents/status?number=&amp;jurisdiction=&amp;on=: the same answer by number in any written form, through
    /// the unique (jurisdiction, number) index. Without a jurisdiction the number must be unique in the register.
    /// </summary>
    [WolverineGet("/api/documents/status")]
    public static async Task<IResult> GetByNumber(string? number, string? jurisdiction, string? on, IQuerySession session, RegisterFreshness freshness, TimeProvider clock,
        Jurisdictions.JurisdictionChecks checks, CancellationToken token)
    {
        // Any written form a person types (brackets or 号 left out) names the number; a series alone is not one document.
        if (Domain.Numbers.NumberQuery.Read(number)?.Exact is not { } parsed)
            return Problems.Invalid(new RuleViolation("number", Domain.Numbers.DocumentNumber.TryParse(number, out _, out var numberError)
                ? "请给出完整文号 (give the whole number)" : numberError)).ToResult();
        if (!DocumentReads.TryParseOn(on, clock, out var date))
            return Problems.Invalid(new RuleViolation("on", $"日期格式应为 YYYY-MM-DD ('{on}' is not a date YYYY-MM-DD)")).ToResult();
        if (!Jurisdictions.JurisdictionQuery.TryResolve(jurisdiction, null, out var scope, out var jurisdictionProblem))
            return jurisdictionProblem!.ToResult();
        var key = parsed.Key;
        var code = scope?.Code;
        var found = await DocumentReads.ByNumberKey(session, key, code, 2, token);
        if (found.Count == 0) return Problems.NotFound($"登记簿中没有文号为{parsed.Canonical}的文件 (no document numbered {parsed.Canonical})").ToResult();
        if (found.Count > 1) return Problems.Invalid(new RuleViolation("jurisdiction", $"多个管辖区有文号{parsed.Canonical}，请指定 jurisdiction (several jurisdictions have this number)")).ToResult();
        return await Answer(found[0].Document, found[0].Version, date, null, null, session, freshness, checks, token);
    }

    private static async Task<IResult> Answer(
        Document doc, long version, DateOnly date, DateTimeOffset? recordedBy, DateTimeOffset? lastRecorded, IQuerySession session, RegisterFreshness freshness,
        Jurisdictions.JurisdictionChecks checks, CancellationToken token)
    {
        var upToDate = recordedBy is null ? await freshness.LastRecorded(token) : await DocumentReads.UpToDateAsOf(session, recordedBy, token);
        // A document written after the cached moment is newer than "up to date as of": never report less than its own last event.
        if (upToDate < lastRecorded) upToDate = lastRecorded;
        var check = await checks.For(doc.Jurisdiction, recordedBy, session, token);
        return Results.Ok(DocumentReads.Status(doc, version, date, recordedBy, lastRecorded, upToDate, check));
    }
}
