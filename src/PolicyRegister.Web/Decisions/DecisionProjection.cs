using JasperFx.Events;
using Marten.Events.Aggregation;
using PolicyRegister.Domain.Decisions;

namespace PolicyRegister.Web.Decisions;

/// <summary>The inline snapshot of one decision; the fold is <see cref="Decision.When"/> in the domain.</summary>
public sealed partial class DecisionProjection : SingleStreamProjection<Decision, Guid>
{
    public DecisionProjection()
    {
        // Only this aggregate's events: the other stream kinds must not create snapshots here.
        foreach (var type in Decision.EventTypes) IncludeType(type);
    }

    public override Decision Evolve(Decision? snapshot, Guid id, IEvent e)
    {
        var decision = snapshot ?? new Decision { Id = id };
        decision.When(e.Data);
        decision.Version = e.Version;
        return decision;
    }
}
