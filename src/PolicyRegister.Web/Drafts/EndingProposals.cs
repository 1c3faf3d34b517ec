using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Drafts;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Workspace;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Drafts;

/// <summary>
/// The body of POST /api/documents/{id}/proposals: a clerk's repeal, declaration of invalidity or replacement, which a
/// reviewer approves before anything is recorded. The same checks as the direct write run now and again at approval.
/// </summary>
public sealed record ProposeEnding(
    EndingKind? Kind, DateOnly? On, BasisInput? Basis, string? Reason, string? Note = null, string? Verb = null, PartScope? Scope = null) : IWriteCommand;

public sealed record ProposalView(Guid Id, long Version, Guid DocumentId, EndingKind Kind, DateOnly On, string? BasisNumber, string? Verb, PartScope? Scope,
    string? Note, string ProposedBy, ProposalState State, string? DecidedBy, string? Comment);

public static class ProposeEndingEndpoint
{
    public static ProblemDetails Validate(ProposeEnding cmd, [ReadAggregate] Document document) =>
        cmd.Kind is null
            ? Problems.Invalid(new RuleViolation("kind", "请给出 repeal、declare_invalid 或 replacement (kind is required)"))
            : Lifecycle.CheckEnding(cmd.On, cmd.Basis, document, cmd.Verb, cmd.Kind == EndingKind.Replacement ? null : cmd.Scope);

    [WolverinePost("/api/documents/{documentId}/proposals"), Authorize(Policy = Policies.Write)]
    public static (IResult, IStartStream) Post(ProposeEnding cmd, [ReadAggregate] Document document, HttpContext http)
    {
        var id = Guid.CreateVersion7();
        var proposed = Proposed(id, document.Id, cmd, FormErrors.Author(http));
        var view = ProposalsEndpoint.View(new EndingProposal { Version = 1 }.When(proposed));
        return (Results.Created($"/api/proposals/{id}", view), MartenOps.StartStream<EndingProposal>(id, proposed));
    }

    /// <summary>The proposal a checked command makes, for the API and the workspace's fact form alike.</summary>
    public static EndingProposed Proposed(Guid id, Guid documentId, ProposeEnding cmd, string author) =>
        new(id, documentId, cmd.Kind!.Value, cmd.On!.Value, cmd.Basis.ToBasis()!, string.IsNullOrWhiteSpace(cmd.Note) ? null : cmd.Note.Trim(),
            Lifecycle.Verb(cmd.Verb), cmd.Kind == EndingKind.Replacement ? null : DocumentInputs.Scope(cmd.Scope), author);
}

/// <summary>Approve (records the ending on the document, in one transaction) or reject with a comment: a reviewer other than the proposer.</summary>
public sealed record ProposalStep(long Version, string? Reason, string? Comment = null) : IWriteCommand;

public static class DecideProposalEndpoint
{
    /// <summary>Who may decide, and a rejection's comment. The document's own rules are checked where the approval reads it.</summary>
    public static ProblemDetails Validate(ProposalStep cmd, EndingProposal proposal, HttpContext http) =>
        ProposalRules.CanDecide(proposal, FormErrors.Author(http)) is { } refused ? Problems.Rule(refused)
        : http.Request.Path.Value?.EndsWith("/reject", StringComparison.Ordinal) == true ? Problems.Invalid(DocumentInputs.CheckText(cmd.Comment, "comment", 2000))
        : Problems.None;

    [WolverinePost("/api/proposals/{endingProposalId}/approve"), Authorize(Policy = Policies.Review)]
    public static async Task<(IResult, Events)> Approve(ProposalStep cmd, [WriteAggregate] EndingProposal proposal, IDocumentSession session, HttpContext http, CancellationToken token)
    {
        var reviewer = FormErrors.Author(http);
        var (doc, version, refused) = await Ending(session, proposal, token);
        if (doc is null) return (Problems.NotFound(refused!.Message).ToResult(), new Events());
        if (refused is not null) return (Problems.Rule(refused).ToResult(), new Events());
        var approved = Approve(session, proposal, version, reviewer, reviewer, cmd.Reason!, http.TraceIdentifier);
        return (Results.Ok(ProposalsEndpoint.View(proposal.When(approved), proposal.Version + 1)), new Events { approved });
    }

    /// <summary>
    /// The document an approval would end, checked again as it is now (it may have ended since the proposal, or left the
    /// register), on the one read whose version the ending is appended at: a change after this read fails the approval
    /// with 409, never passes unchecked. The API and the workspace both check here.
    /// </summary>
    public static async Task<(Document? Document, long Version, RuleViolation? Refused)> Ending(IQuerySession session, EndingProposal proposal, CancellationToken token)
    {
        var (doc, version) = await DocumentReads.LoadCurrent(session, proposal.DocumentId, token);
        return (doc, version, doc is null ? new RuleViolation("documentId", "该文件已不在登记簿中") : DocumentRules.CanEnd(doc, proposal.Proposed!.On));
    }

    /// <summary>
    /// The one approval of a proposal, for the API and the workspace: the ending on the document, stamped with the
    /// reviewer and both names, and the approval the caller appends to the proposal's stream. <paramref name="documentVersion"/>
    /// is the document's stream version when its rules were checked.
    /// </summary>
    public static EndingProposalApproved Approve(
        IDocumentSession session, EndingProposal proposal, long documentVersion, string reviewer, string author, string reason, string correlation)
    {
        AuditMiddleware.Stamp(session, author, $"批准提议（提议：{proposal.Proposed!.ProposedBy}；审核：{reviewer}）：{reason.Trim()}", correlation);
        // At the document's version now: a concurrent change to it fails the whole approval with 409.
        session.Events.Append(proposal.DocumentId, documentVersion + 1, proposal.Fact());
        return new EndingProposalApproved(proposal.Id, reviewer);
    }

    [WolverinePost("/api/proposals/{endingProposalId}/reject"), Authorize(Policy = Policies.Review)]
    public static (IResult, Events) Reject(ProposalStep cmd, [WriteAggregate] EndingProposal proposal, HttpContext http)
    {
        var rejected = new EndingProposalRejected(proposal.Id, cmd.Comment!.Trim(), FormErrors.Author(http));
        return (Results.Ok(ProposalsEndpoint.View(proposal.When(rejected), proposal.Version + 1)), new Events { rejected });
    }
}

public static class ProposalsEndpoint
{
    [WolverineGet("/api/proposals"), Authorize(Policy = Policies.Write)]
    public static async Task<IResult> List(string? state, IQuerySession session, CancellationToken token)
    {
        ProposalState? only = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            var named = Enum.GetValues<ProposalState>().Where(s => ConfigureHttp.EnumNaming.ConvertName(s.ToString()) == state.Trim()).ToList();
            if (named.Count == 0) return Problems.Invalid(new RuleViolation("state", "state 取 open、approved 或 rejected")).ToResult();
            only = named[0];
        }
        var query = session.Query<EndingProposal>().AsQueryable();
        if (only is { } s) query = query.Where(p => p.State == s);
        return Results.Ok((await query.Take(500).ToListAsync(token)).Select(p => View(p)).ToList());
    }

    public static ProposalView View(EndingProposal p, long? version = null) => new(p.Id, version ?? p.Version, p.DocumentId, p.Proposed!.Kind, p.Proposed.On,
        p.Proposed.Basis.Number, p.Proposed.Verb, p.Proposed.Scope, p.Proposed.Note, p.Proposed.ProposedBy, p.State, p.DecidedBy, p.Comment);
}
