using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>An amendment ordered by a decision (决定修改): the document stays in force, pending the amended text.</summary>
public sealed record OrderAmendment(
    long Version, DateOnly? On, BasisInput? Basis, string? Reason, string? Note = null, string? Verb = null, PartScope? Scope = null) : IDocumentCommand;

public static class OrderAmendmentEndpoint
{
    public static ProblemDetails Validate(OrderAmendment cmd, Document document) =>
        Lifecycle.Check([DocumentInputs.CheckDate(cmd.On, "on"), .. DocumentInputs.CheckBasis(cmd.Basis), DocumentInputs.CheckText(cmd.Note, "note", 2000, required: false),
                DocumentInputs.CheckText(cmd.Verb, "verb", 20, required: false), .. DocumentInputs.CheckScope(cmd.Scope)],
            () => DocumentRules.CanAmend(document, cmd.On!.Value));

    [WolverinePost("/api/documents/{documentId}/amendment-order"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(OrderAmendment cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, new AmendmentOrdered(cmd.On!.Value, cmd.Basis.ToBasis()!, cmd.Note, Lifecycle.Verb(cmd.Verb), DocumentInputs.Scope(cmd.Scope)));
}
