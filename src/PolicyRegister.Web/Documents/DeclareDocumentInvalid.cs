using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>Declared invalid (宣布失效) by a deciding document, from its effective date.</summary>
public sealed record DeclareDocumentInvalid(
    long Version, DateOnly? On, BasisInput? Basis, string? Reason, string? Note = null, string? Verb = null, PartScope? Scope = null) : IDocumentCommand;

public static class DeclareDocumentInvalidEndpoint
{
    public static ProblemDetails Validate(DeclareDocumentInvalid cmd, Document document) =>
        Lifecycle.CheckEnding(cmd.On, cmd.Basis, document, cmd.Verb, cmd.Scope);

    [WolverinePost("/api/documents/{documentId}/declare-invalid"), Authorize(Policy = Policies.Review)]
    public static (IResult, Events) Post(DeclareDocumentInvalid cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, new DocumentDeclaredInvalid(cmd.On!.Value, cmd.Basis.ToBasis()!, cmd.Note, Lifecycle.Verb(cmd.Verb), DocumentInputs.Scope(cmd.Scope)));
}
