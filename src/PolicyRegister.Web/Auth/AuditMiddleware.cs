using Marten;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Infrastructure;

namespace PolicyRegister.Web.Auth;

/// <summary>Every write names why it was made; who made it comes from the credential.</summary>
public interface IWriteCommand
{
    string? Reason { get; }
}

/// <summary>Stamps the author, reason and correlation of a write onto the events it appends.</summary>
public static class AuditMiddleware
{
    public const string ReasonHeader = "reason";

    public const int MaxReason = 2000;

    /// <summary>Every write names its reason, in at most 2,000 characters: the one check of the API, the workspace and imports.</summary>
    public static RuleViolation? CheckReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? new RuleViolation("reason", "请说明登记理由 (every write must give a reason)")
        : reason.Length > MaxReason ? new RuleViolation("reason", $"理由过长，最多{MaxReason}个字符 (at most {MaxReason} characters)")
        : null;

    public static ProblemDetails Before(IWriteCommand command, IDocumentSession session, HttpContext http)
    {
        if (CheckReason(command.Reason) is { } invalid) return Problems.Invalid(invalid);
        Stamp(session, http.User.Identity?.Name, command.Reason!, http.TraceIdentifier);
        return Problems.None;
    }

    public static void Stamp(IDocumentSession session, string? author, string reason, string correlation)
    {
        session.LastModifiedBy = author ?? "unknown";
        session.CorrelationId = correlation;
        session.SetHeader(ReasonHeader, reason.Trim());
    }
}

/// <summary>A write on one document's stream (the route names it as {documentId}).</summary>
public interface IDocumentCommand : IWriteCommand
{
    long Version { get; }
}

/// <summary>
/// An unknown document id is a 404, checked before the expected version is, which would otherwise
/// report a misleading version conflict against a stream that does not exist.
/// </summary>
public static class DocumentExistsMiddleware
{
    public static async Task<ProblemDetails> BeforeAsync(IDocumentCommand command, HttpContext http, IDocumentSession session)
    {
        if (!Guid.TryParse(http.Request.RouteValues["documentId"]?.ToString(), out var id))
            return Problems.NotFound("文件编号格式有误 (the document id in the path is not a GUID)");
        var state = await session.Events.FetchStreamStateAsync(id, http.RequestAborted);
        return state is null ? Problems.NotFound($"登记簿中没有文件 {id} (no document {id})") : Problems.None;
    }
}
