using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>A person resolved a term written as text (有效期至2027年夏秋航季结束) to its last day in force.</summary>
public sealed record ResolveValidityTerm(long Version, DateOnly? Until, string? Note, string? Reason) : IDocumentCommand;

public static class ResolveValidityTermEndpoint
{
    public static ProblemDetails Validate(ResolveValidityTerm cmd, Document document) =>
        Lifecycle.Check([DocumentInputs.CheckDate(cmd.Until, "until"), DocumentInputs.CheckText(cmd.Note, "note", 2000, required: false)],
            () => DocumentRules.CanResolveTerm(document, cmd.Until!.Value));

    [WolverinePost("/api/documents/{documentId}/term/resolution"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(ResolveValidityTerm cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, new ValidityTermResolved(cmd.Until!.Value, cmd.Note));
}
