using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Domain.Decisions;

public enum DecisionState { Draft, Applied }

/// <summary>The state of one decision stream (fold only).</summary>
public sealed class Decision
{
    public Guid Id { get; set; }
    public long Version { get; set; }
    public Guid DocumentId { get; set; }
    public string Number { get; set; } = "";
    public string NumberKey { get; set; } = "";
    public string Title { get; set; } = "";
    public List<string> Issuers { get; set; } = [];
    public string Jurisdiction { get; set; } = "";
    public DateOnly? SignedOn { get; set; }
    public EffectiveRule EffectiveRule { get; set; }
    public DateOnly EffectiveOn { get; set; }
    public Publication? Publication { get; set; }
    public string? Addressees { get; set; }
    public string? Body { get; set; }
    public List<DecisionItem> Items { get; set; } = [];
    public DecisionState State { get; set; }
    public List<ItemOutcome> Outcomes { get; set; } = [];

    public static readonly IReadOnlyList<Type> EventTypes = [typeof(DecisionRecorded), typeof(DecisionApplied)];

    public Decision When(object @event)
    {
        switch (@event)
        {
            case DecisionRecorded e:
                Id = e.DecisionId;
                DocumentId = e.DocumentId;
                Number = e.Number;
                NumberKey = DocumentNumber.TryParse(e.Number, out var n) ? n.Key : e.Number;
                Title = e.Title;
                Issuers = [.. e.Issuers];
                Jurisdiction = Divisions.Canonical(e.Jurisdiction);
                SignedOn = e.SignedOn;
                EffectiveRule = e.EffectiveRule;
                EffectiveOn = e.EffectiveOn;
                Publication = e.Publication;
                Addressees = e.Addressees;
                Body = e.Body;
                Items = [.. e.Items];
                State = DecisionState.Draft;
                break;
            case DecisionApplied e:
                State = DecisionState.Applied;
                Outcomes = [.. e.Outcomes];
                break;
        }
        return this;
    }

    public IReadOnlyDictionary<DecisionAction, int> Counts() => Count(Items);

    /// <summary>Rows by action; rows listed for reference act on nothing and are not counted (see <see cref="References"/>).</summary>
    public static IReadOnlyDictionary<DecisionAction, int> Count(IEnumerable<DecisionItem> items) =>
        Enum.GetValues<DecisionAction>().ToDictionary(a => a, a => items.Count(i => i.Action == a && !i.Reference));

    public static int References(IEnumerable<DecisionItem> items) => items.Count(i => i.Reference);
}
