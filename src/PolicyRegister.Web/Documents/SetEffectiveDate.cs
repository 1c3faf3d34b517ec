using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>Takes effect (自…起施行) on a date, on signing, on publication, or an explicitly unknown date.</summary>
public sealed record SetEffectiveDate(long Version, EffectiveInput? Effective, BasisInput? Basis, string? Evidence, string? Reason, bool ConfirmBeforeSigning = false) : IDocumentCommand;

public static class SetEffectiveDateEndpoint
{
    public static ProblemDetails Validate(SetEffectiveDate cmd, Document document) =>
        Lifecycle.Check(
            [
                cmd.Effective is null ? new RuleViolation("effective", "请给出施行日期或规则 (effective is required)") : null,
                .. DocumentInputs.CheckEffective(cmd.Effective),
                .. DocumentInputs.CheckBasis(cmd.Basis, required: false),
                DocumentInputs.CheckText(cmd.Evidence, "evidence", 2000, required: false),
            ],
            () =>
            {
                var e = cmd.Effective!.ToEvent(null, null);
                return DocumentRules.CanSetEffective(document, DocumentRules.Resolve(document, e.Rule, e.On), cmd.ConfirmBeforeSigning, "effective.on");
            });

    [WolverinePost("/api/documents/{documentId}/effective"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(SetEffectiveDate cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, cmd.Effective!.ToEvent(cmd.Basis.ToBasis() ?? Lifecycle.Self(document), cmd.Evidence));
}
