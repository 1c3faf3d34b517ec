using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>The amended text was published (修改/修订 in place): closes any pending amendment from <see cref="On"/>.</summary>
/// <param name="Scope">The articles or annexes the amendment changed; absent: the text as a whole.</param>
public sealed record RecordAmendment(long Version, DateOnly? On, BasisInput? Basis, string? Summary, string? Reason, PartScope? Scope = null) : IDocumentCommand;

public static class RecordAmendmentEndpoint
{
    public static ProblemDetails Validate(RecordAmendment cmd, Document document) =>
        Lifecycle.Check([DocumentInputs.CheckDate(cmd.On, "on"), .. DocumentInputs.CheckBasis(cmd.Basis, required: false), DocumentInputs.CheckText(cmd.Summary, "summary", 2000, required: false),
                .. DocumentInputs.CheckScope(cmd.Scope)],
            () => DocumentRules.CanAmend(document, cmd.On!.Value));

    [WolverinePost("/api/documents/{documentId}/amendment"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(RecordAmendment cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, new DocumentAmended(cmd.On!.Value, cmd.Basis.ToBasis(), cmd.Summary, DocumentInputs.Scope(cmd.Scope)));
}
