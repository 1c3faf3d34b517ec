using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Domain.Drafts;

// Stored event types: never rename one.

public enum EndingKind { Repeal, DeclareInvalid, Replacement }

/// <summary>A clerk proposes to end a document (or part of it) by a deciding act; only a reviewer's approval records the ending.</summary>
public sealed record EndingProposed(
    Guid ProposalId, Guid DocumentId, EndingKind Kind, DateOnly On, LegalBasis Basis, string? Note, string? Verb, PartScope? Scope, string ProposedBy);

public sealed record EndingProposalApproved(Guid ProposalId, string ApprovedBy);

public sealed record EndingProposalRejected(Guid ProposalId, string Comment, string RejectedBy);

public enum ProposalState { Open, Approved, Rejected }

public sealed class EndingProposal
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public EndingProposed? Proposed { get; set; }
    public ProposalState State { get; set; }
    public string? DecidedBy { get; set; }
    public string? Comment { get; set; }

    public Guid DocumentId { get => Proposed?.DocumentId ?? Guid.Empty; set { } }

    public static readonly IReadOnlyList<Type> EventTypes = [typeof(EndingProposed), typeof(EndingProposalApproved), typeof(EndingProposalRejected)];

    public EndingProposal When(object @event)
    {
        switch (@event)
        {
            case EndingProposed e: (Id, Proposed, State) = (e.ProposalId, e, ProposalState.Open); break;
            case EndingProposalApproved e: (State, DecidedBy) = (ProposalState.Approved, e.ApprovedBy); break;
            case EndingProposalRejected e: (State, DecidedBy, Comment) = (ProposalState.Rejected, e.RejectedBy, e.Comment); break;
        }
        return this;
    }

    /// <summary>The fact the proposal would record on the document.</summary>
    public object Fact() => Proposed!.Kind switch
    {
        EndingKind.Repeal => new DocumentRepealed(Proposed.On, Proposed.Basis, Proposed.Note, Proposed.Verb, Proposed.Scope),
        EndingKind.DeclareInvalid => new DocumentDeclaredInvalid(Proposed.On, Proposed.Basis, Proposed.Note, Proposed.Verb, Proposed.Scope),
        _ => new DocumentReplaced(Proposed.On, Proposed.Basis, Proposed.Verb),
    };
}

public static class ProposalRules
{
    /// <summary>An open proposal, decided by someone other than its proposer (four eyes), on a document it may still end.</summary>
    public static RuleViolation? CanDecide(EndingProposal p, string reviewer)
    {
        if (p.State != ProposalState.Open) return new("state", $"该提议已{(p.State == ProposalState.Approved ? "批准" : "驳回")} (the proposal is already {p.State})");
        if (string.Equals(p.Proposed!.ProposedBy, reviewer, StringComparison.OrdinalIgnoreCase))
            return new("approver", $"提议人（{reviewer}）不能审核自己的提议 (four eyes: the proposer cannot decide)");
        return null;
    }
}
