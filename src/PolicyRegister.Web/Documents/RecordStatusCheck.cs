using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>
/// A person checked this document's status up to a date against a source (the gazette issue, the issuing office's
/// portal, a cleanup). Who checked is the write's author; when is both the date checked up to and the time recorded.
/// </summary>
/// <param name="Reference">What was checked: the gazette issue (中卫市人民政府公报2024年第3期), a portal address, a cleanup's number.</param>
public sealed record RecordStatusCheck(long Version, DateOnly? CheckedUpTo, CheckSource? Against, string? Reference, string? Reason, string? Note = null)
    : IDocumentCommand;

public static class RecordStatusCheckEndpoint
{
    public static ProblemDetails Validate(RecordStatusCheck cmd, Document document, TimeProvider clock) =>
        Lifecycle.Check(StatusChecks.Check(cmd.CheckedUpTo, cmd.Against, cmd.Reference, cmd.Note, clock), () => null);

    [WolverinePost("/api/documents/{documentId}/status-checks"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(RecordStatusCheck cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, new StatusChecked(cmd.CheckedUpTo!.Value, cmd.Against!.Value, Trim(cmd.Reference), Trim(cmd.Note)));

    private static string? Trim(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>The checks of a status check, one home for documents and jurisdictions.</summary>
public static class StatusChecks
{
    public static IEnumerable<RuleViolation?> Check(DateOnly? upTo, CheckSource? against, string? reference, string? note, TimeProvider clock)
    {
        yield return DocumentInputs.CheckDate(upTo, "checkedUpTo");
        // A check reaches today at most: nobody has checked what the sources will say tomorrow.
        if (upTo is { } d && d > Domain.Dates.RegisterCalendar.Today(clock.GetUtcNow()))
            yield return new RuleViolation("checkedUpTo", $"核对日期{d:yyyy-MM-dd}晚于今天 (a check cannot reach beyond today)");
        if (against is null) yield return new RuleViolation("against", "请说明核对依据：gazette、portal、cleanup 或 other (against is required)");
        yield return DocumentInputs.CheckText(reference, "reference", 500, required: against is CheckSource.Other);
        yield return DocumentInputs.CheckText(note, "note", 2000, required: false);
    }
}
