using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>Retained (保留) on review: evidence that it remains in force, not a new validity.</summary>
public sealed record RetainDocument(long Version, DateOnly? On, BasisInput? Basis, string? Reason, string? Verb = null) : IDocumentCommand;

public static class RetainDocumentEndpoint
{
    public static ProblemDetails Validate(RetainDocument cmd, Document document) =>
        Lifecycle.Check([DocumentInputs.CheckDate(cmd.On, "on"), .. DocumentInputs.CheckBasis(cmd.Basis), DocumentInputs.CheckText(cmd.Verb, "verb", 20, required: false)],
            () => DocumentRules.CanRetain(document, cmd.On!.Value));

    [WolverinePost("/api/documents/{documentId}/retention"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(RetainDocument cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, new DocumentRetained(cmd.On!.Value, cmd.Basis.ToBasis()!, Lifecycle.Verb(cmd.Verb)));
}
