using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>Revised or replaced by another document (the basis), which ends this one's validity from <see cref="On"/>.</summary>
public sealed record RecordReplacement(long Version, DateOnly? On, BasisInput? Basis, string? Reason, string? Verb = null) : IDocumentCommand;

public static class RecordReplacementEndpoint
{
    public static ProblemDetails Validate(RecordReplacement cmd, Document document) =>
        Lifecycle.CheckEnding(cmd.On, cmd.Basis, document, cmd.Verb);

    [WolverinePost("/api/documents/{documentId}/replacement"), Authorize(Policy = Policies.Review)]
    public static (IResult, Events) Post(RecordReplacement cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, new DocumentReplaced(cmd.On!.Value, cmd.Basis.ToBasis()!, Lifecycle.Verb(cmd.Verb)));
}
