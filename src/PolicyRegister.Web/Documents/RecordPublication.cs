using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>Published in a gazette; an effective rule "on publication" resolves to this date.</summary>
public sealed record RecordPublication(long Version, Publication? Publication, string? Reason) : IDocumentCommand;

public static class RecordPublicationEndpoint
{
    public static ProblemDetails Validate(RecordPublication cmd, Document document) =>
        Lifecycle.Check(
            [
                cmd.Publication is null ? new RuleViolation("publication", "请给出公布信息 (publication is required)") : null,
                DocumentInputs.CheckDate(cmd.Publication?.On, "publication.on"),
                DocumentInputs.CheckText(cmd.Publication?.Gazette, "publication.gazette", 200, required: false),
            ],
            () => document.EffectiveRule == EffectiveRule.OnPublication
                ? DocumentRules.CanSetEffective(document, cmd.Publication!.On, confirmedBeforeSigning: true, "publication.on")
                : null);

    [WolverinePost("/api/documents/{documentId}/publication"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(RecordPublication cmd, [WriteAggregate] Document document) =>
        Lifecycle.Appended(cmd, document, new PublicationRecorded(cmd.Publication!));
}
