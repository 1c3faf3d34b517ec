using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>
/// Another source's status label (a portal's 有效/失效 flag, a national database's status), recorded as a dated claim.
/// It never changes the register's answer; a claim that disagrees puts the document on the attention list until a
/// person records the fact or settles the claim.
/// </summary>
public sealed record RecordStatusClaim(
    long Version, string? Source, ClaimedStatus? Status, DateOnly? ClaimedOn, string? Url, string? Text, string? Reason) : IDocumentCommand;

public sealed record ClaimRecorded(Guid Id, long Version, Guid ClaimId, bool Disagrees, ClaimedStatus? RegisterSays);

public static class RecordStatusClaimEndpoint
{
    public static ProblemDetails Validate(RecordStatusClaim cmd, Document document, TimeProvider clock) =>
        Lifecycle.Check([
            DocumentInputs.CheckText(cmd.Source, "source", 200),
            cmd.Status is null ? new RuleViolation("status", "请给出标注的状态：in_force、not_in_force 或 partially_in_force (status is required)") : null,
            DocumentInputs.CheckDate(cmd.ClaimedOn, "claimedOn"),
            cmd.ClaimedOn is { } d && d > Domain.Dates.RegisterCalendar.Today(clock.GetUtcNow())
                ? new RuleViolation("claimedOn", "标注日期晚于今天 (a claim is dated today at the latest)") : null,
            CheckUrl(cmd.Url),
            DocumentInputs.CheckText(cmd.Text, "text", 2000, required: false),
        ], () => null);

    [WolverinePost("/api/documents/{documentId}/claims"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(RecordStatusClaim cmd, [WriteAggregate] Document document)
    {
        var claimed = new StatusClaimed(Guid.CreateVersion7(), cmd.Source!.Trim(), cmd.Status!.Value, cmd.ClaimedOn!.Value,
            string.IsNullOrWhiteSpace(cmd.Url) ? null : cmd.Url.Trim(), string.IsNullOrWhiteSpace(cmd.Text) ? null : cmd.Text.Trim());
        var after = document.Copy().When(claimed);
        var claim = after.Claims[^1];
        var events = new Events { claimed };
        return (Results.Ok(new ClaimRecorded(document.Id, cmd.Version + 1, claimed.ClaimId, ClaimCheck.Disagrees(after, claim),
            ClaimCheck.RegisterSays(after, claim.ClaimedOn))), events);
    }

    private static RuleViolation? CheckUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        if (DocumentInputs.CheckText(url, "url", 2000) is { } v) return v;
        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? null : new RuleViolation("url", "请给出 http(s) 地址 (url must be an absolute http or https address)");
    }
}

/// <summary>A person decided on a claim: recorded the fact it pointed to, or found it wrong. The note says which.</summary>
public sealed record SettleStatusClaim(long Version, string? Note, string? Reason) : IDocumentCommand;

public static class SettleStatusClaimEndpoint
{
    public static ProblemDetails Validate(SettleStatusClaim cmd, Guid claimId, Document document) =>
        Lifecycle.Check([DocumentInputs.CheckText(cmd.Note, "note", 2000)], () =>
            document.Claims.FirstOrDefault(c => c.Id == claimId) switch
            {
                null => new RuleViolation("claimId", $"该文件没有标注 {claimId} (no such claim on this document)"),
                { SettledNote: not null } => new RuleViolation("claimId", "该标注已处理 (the claim is already settled)"),
                _ => null,
            });

    [WolverinePost("/api/documents/{documentId}/claims/{claimId}/settle"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(SettleStatusClaim cmd, Guid claimId, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, new StatusClaimSettled(claimId, cmd.Note!.Trim()));
}
