using JasperFx.Events;
using Marten.Events.Aggregation;
using PolicyRegister.Domain.Drafts;

namespace PolicyRegister.Web.Drafts;

/// <summary>The inline snapshot of one draft decision: the review queue is a query over it.</summary>
public sealed partial class DecisionDraftProjection : SingleStreamProjection<DecisionDraft, Guid>
{
    public DecisionDraftProjection()
    {
        foreach (var type in DecisionDraft.EventTypes) IncludeType(type);
    }

    public override DecisionDraft Evolve(DecisionDraft? snapshot, Guid id, IEvent e)
    {
        var draft = snapshot ?? new DecisionDraft { Id = id };
        draft.When(e.Data);
        draft.Version = e.Version;
        return draft;
    }
}
