using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>
/// Repealed (废止) by a deciding document, from its effective date. Ending a document is a reviewer's act: a clerk
/// proposes it (POST /api/documents/{id}/proposals) and a reviewer approves.
/// </summary>
/// <param name="Verb">The verb as the deciding act wrote it (停止执行, 不再适用 …); the fact is a repeal either way.</param>
/// <param name="Scope">Only these articles or annexes are repealed (部分废止); absent: the whole document.</param>
public sealed record RepealDocument(
    long Version, DateOnly? On, BasisInput? Basis, string? Reason, string? Note = null, string? Verb = null, PartScope? Scope = null) : IDocumentCommand;

public static class RepealDocumentEndpoint
{
    public static ProblemDetails Validate(RepealDocument cmd, Document document) =>
        Lifecycle.CheckEnding(cmd.On, cmd.Basis, document, cmd.Verb, cmd.Scope);

    [WolverinePost("/api/documents/{documentId}/repeal"), Authorize(Policy = Policies.Review)]
    public static (IResult, Events) Post(RepealDocument cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, new DocumentRepealed(cmd.On!.Value, cmd.Basis.ToBasis()!, cmd.Note, Lifecycle.Verb(cmd.Verb), DocumentInputs.Scope(cmd.Scope)));
}
