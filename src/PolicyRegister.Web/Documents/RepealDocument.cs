using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>Repealed (废止) by a deciding document, from its effective date.</summary>
public sealed record RepealDocument(long Version, DateOnly? On, BasisInput? Basis, string? Reason, string? Note = null) : IDocumentCommand;

public static class RepealDocumentEndpoint
{
    public static ProblemDetails Validate(RepealDocument cmd, Document document) =>
        Lifecycle.CheckEnding(cmd.On, cmd.Basis, document);

    [WolverinePost("/api/documents/{documentId}/repeal"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(RepealDocument cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(document, new DocumentRepealed(cmd.On!.Value, cmd.Basis.ToBasis()!, cmd.Note));
}
