using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>A validity term (有效期至…): a last day in force, or a text a person must resolve later.</summary>
public sealed record SetValidityTerm(long Version, ExpiresInput? Expires, BasisInput? Basis, string? Evidence, string? Reason) : IDocumentCommand;

public static class SetValidityTermEndpoint
{
    public static ProblemDetails Validate(SetValidityTerm cmd, Document document) =>
        Lifecycle.Check(
            [
                cmd.Expires is null ? new RuleViolation("expires", "请给出有效期 (expires is required)") : null,
                .. DocumentInputs.CheckExpires(cmd.Expires),
                .. DocumentInputs.CheckBasis(cmd.Basis, required: false),
            ],
            () => DocumentRules.CanSetTerm(document, cmd.Expires!.On, "expires.on"));

    [WolverinePost("/api/documents/{documentId}/term"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(SetValidityTerm cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, cmd.Expires!.ToEvent(cmd.Basis.ToBasis() ?? Lifecycle.Self(document), cmd.Evidence));
}
