using PolicyRegister.Domain.Jurisdictions;

namespace PolicyRegister.Web.Oversight.Subscriptions;

/// <summary>The kinds of change a subscriber can ask for.</summary>
public static class ChangeKinds
{
    public const string Registered = "registered", Repealed = "repealed", DeclaredInvalid = "declared_invalid", Amended = "amended",
        Retained = "retained", TermLapsed = "term_lapsed", DecisionApplied = "decision_applied";

    public static readonly IReadOnlyList<string> All = [Registered, Repealed, DeclaredInvalid, Amended, Retained, TermLapsed, DecisionApplied];
}

/// <summary>
/// Where and what a subscriber wants to hear: a receiver URL, a secret to sign with (kept encrypted), and filters —
/// a jurisdiction (with the divisions below it), an issuer, one document, some kinds. No filter: every change.
/// </summary>
public sealed class Subscription
{
    public Guid Id { get; set; }
    public string Url { get; set; } = "";
    public string ProtectedSecret { get; set; } = "";
    public string? Jurisdiction { get; set; }
    public string? Issuer { get; set; }
    public Guid? DocumentId { get; set; }
    public List<string> Kinds { get; set; } = [];
    public bool Active { get; set; } = true;
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string Reason { get; set; } = "";
    public string? EndedBy { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Whether a change is one this subscriber asked for.</summary>
    public bool Wants(Change change) =>
        Active
        && (Kinds.Count == 0 || Kinds.Contains(change.Kind))
        && (DocumentId is null || DocumentId == change.DocumentId)
        && (Issuer is null || change.Issuers.Contains(Issuer))
        && (Jurisdiction is null || Divisions.SelfAndAncestors(change.Jurisdiction).Any(d => d.Code == Jurisdiction) || change.Jurisdiction == Jurisdiction);
}

/// <summary>One change as subscribers receive it (the body of the POST, with the delivery's id).</summary>
public sealed record Change(
    long Sequence, string Kind, Guid DocumentId, string? Number, string Title, string Jurisdiction, IReadOnlyList<string> Issuers,
    DateOnly? LegalDate, string Summary, string? BasisNumber, DateTimeOffset RecordedAt);

/// <summary>One change owed to one subscriber: delivered once it answered 2xx; attempts and the last status kept for staff.</summary>
public sealed class Delivery
{
    public Guid Id { get; set; }
    public Guid SubscriptionId { get; set; }
    public long Sequence { get; set; }
    public Guid DocumentId { get; set; }
    public string Kind { get; set; } = "";
    public string Body { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    /// <summary>What happened, in the register's own words (HTTP 503, timeout, refused address) — never the receiver's answer.</summary>
    public string? LastOutcome { get; set; }
}

/// <summary>Deliver what is owed to one subscriber, in order. Sent after every change it wants, and by the sweep.</summary>
public sealed record DeliverPending(Guid SubscriptionId);

/// <summary>Check on the day a term runs out whether it still does, and note it once (TermLapsed).</summary>
public sealed record CheckTermLapse(Guid DocumentId, DateOnly LapsesOn);
