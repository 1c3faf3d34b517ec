using JasperFx.Events;
using Marten.Events.Aggregation;
using PolicyRegister.Domain.Drafts;

namespace PolicyRegister.Web.Drafts;

/// <summary>The inline snapshot of one ending proposal: the review queue lists the open ones.</summary>
public sealed partial class EndingProposalProjection : SingleStreamProjection<EndingProposal, Guid>
{
    public EndingProposalProjection()
    {
        foreach (var type in EndingProposal.EventTypes) IncludeType(type);
    }

    public override EndingProposal Evolve(EndingProposal? snapshot, Guid id, IEvent e)
    {
        var proposal = snapshot ?? new EndingProposal { Id = id };
        proposal.When(e.Data);
        proposal.Version = e.Version;
        return proposal;
    }
}
