using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>The term was extended (延长有效期) by a deciding document.</summary>
public sealed record ExtendValidityTerm(long Version, DateOnly? Until, BasisInput? Basis, string? Reason) : IDocumentCommand;

public static class ExtendValidityTermEndpoint
{
    public static ProblemDetails Validate(ExtendValidityTerm cmd, Document document) =>
        Lifecycle.Check([DocumentInputs.CheckDate(cmd.Until, "until"), .. DocumentInputs.CheckBasis(cmd.Basis)],
            () => DocumentRules.CanExtendTerm(document, cmd.Until!.Value));

    [WolverinePost("/api/documents/{documentId}/term/extension"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(ExtendValidityTerm cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, new ValidityTermExtended(cmd.Until!.Value, cmd.Basis.ToBasis()));
}
