using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Domain.Decisions;

// Stored event types: never rename one.

public enum DecisionAction { Retain, Repeal, Amend, DeclareInvalid }

/// <summary>
/// One row of an annex list, as the decision prints it (序号, title, number), with an optional own effective date, the
/// verb as the decision wrote it beside the normalised action (停止执行, 宣布继续有效 …) and the row's own reason
/// (废止理由/备注). Rows recorded before verbs and reasons were kept carry neither. <see cref="Scope"/> names the
/// articles or annexes the row acts on (null: the whole document); a <see cref="Reference"/> row is listed for
/// information only (已由…废止) and ends nothing.
/// </summary>
public sealed record DecisionItem(
    DecisionAction Action, int Seq, string Title, string? Number, DateOnly? EffectiveOn = null, string? Note = null,
    string? Verb = null, string? ReasonText = null, PartScope? Scope = null, bool Reference = false, string? EndedBy = null);

public enum MatchKind { Number, Title, Resolved, Created }

/// <summary>What applying one item did: which document it touched, and how that document was found.</summary>
public sealed record ItemOutcome(int Seq, DecisionAction Action, Guid DocumentId, string? Number, string Title, MatchKind Match, double? Score, DateOnly EffectiveOn);

/// <summary>A cleanup decision (清理决定) with its annex lists. It is also registered as a document of its own (<see cref="DocumentId"/>).</summary>
public sealed record DecisionRecorded(
    Guid DecisionId,
    Guid DocumentId,
    string Number,
    string Title,
    IReadOnlyList<string> Issuers,
    string Jurisdiction,
    DateOnly? SignedOn,
    EffectiveRule EffectiveRule,
    DateOnly EffectiveOn,
    Publication? Publication,
    string? Addressees,
    string? Body,
    IReadOnlyList<DecisionItem> Items);

public sealed record DecisionApplied(Guid DecisionId, DateOnly EffectiveOn, IReadOnlyList<ItemOutcome> Outcomes);
