namespace PolicyRegister.Domain.Documents;

// Stored event types: never rename one. A correction is a new event, never an edit.

public enum DocumentKind { Normative, Rule, Other }

public enum EffectiveRule { Date, OnSigning, OnPublication, Unknown }

/// <summary>The document that is the legal basis of a fact: a decision, an amending document, or the document itself.</summary>
public sealed record LegalBasis(string? Number, string? Title = null, Guid? DocumentId = null, Guid? DecisionId = null);

public sealed record Publication(DateOnly? On, string? Gazette = null, string? Issue = null, int? Page = null);

public sealed record DocumentRegistered(
    Guid DocumentId,
    string Number,
    string Title,
    IReadOnlyList<string> AlternativeTitles,
    IReadOnlyList<string> Issuers,
    string Jurisdiction,
    DocumentKind Kind,
    DateOnly? SignedOn,
    Publication? Publication,
    bool Trial,
    IReadOnlyList<string> Instruments,
    string? Source);

/// <summary>A document the register knows only because a decision lists it; it has no validity of its own yet.</summary>
public sealed record DocumentListedByDecision(
    Guid DocumentId,
    string? Number,
    string Title,
    IReadOnlyList<string> Instruments,
    string Jurisdiction,
    LegalBasis Basis);

public sealed record PublicationRecorded(Publication Publication);

public sealed record EffectiveDateSet(EffectiveRule Rule, DateOnly? On, LegalBasis? Basis, string? Evidence);

public sealed record ValidityTermSet(DateOnly? Until, string? Text, LegalBasis? Basis, string? Evidence);

public sealed record ValidityTermResolved(DateOnly Until, string? Note);

public sealed record ValidityTermExtended(DateOnly Until, LegalBasis? Basis);

/// <param name="Verb">The verb as the deciding act wrote it (修改, 修订 …); absent on facts recorded before verbs were kept.</param>
/// <param name="Scope">The articles or annexes to amend; null is the whole document.</param>
public sealed record AmendmentOrdered(DateOnly On, LegalBasis Basis, string? Note, string? Verb = null, PartScope? Scope = null);

public sealed record DocumentAmended(DateOnly On, LegalBasis? Basis, string? Summary, PartScope? Scope = null);

/// <summary>Revised or replaced by another document: it ceases to be in force on <see cref="On"/>.</summary>
public sealed record DocumentReplaced(DateOnly On, LegalBasis Basis, string? Verb = null);

/// <param name="Reason">The act's reason for this document (废止理由), as printed.</param>
/// <param name="Verb">The verb as written (废止, 停止执行, 不再适用 …) beside the normalised fact.</param>
/// <param name="Scope">Only these articles or annexes end (部分废止); null ends the whole document.</param>
public sealed record DocumentRepealed(DateOnly On, LegalBasis Basis, string? Reason, string? Verb = null, PartScope? Scope = null);

public sealed record DocumentDeclaredInvalid(DateOnly On, LegalBasis Basis, string? Reason, string? Verb = null, PartScope? Scope = null);

/// <summary>Confirmed by a cleanup decision as remaining in force: evidence, not a new validity.</summary>
public sealed record DocumentRetained(DateOnly On, LegalBasis Basis, string? Verb = null, string? Reason = null);

/// <summary>A metadata correction; the old value stays in the history.</summary>
public sealed record DocumentCorrected(string Field, string? OldValue, string NewValue, string? Note);

/// <summary>
/// A decision lists the document for reference only (已由…废止, 已宣布失效): it records no ending of its own; the
/// note links the document to the act that lists it and to the act it names, if any.
/// </summary>
public sealed record ListedForReference(DateOnly On, LegalBasis Basis, string? EndedBy, string? Verb, string? Text);

/// <summary>
/// The register noted, on the day, that the term ran out: from <see cref="On"/> (the day after the term's last day) the
/// document is expired. Status already follows from the term; this fact lets the feed and subscribers hear of it once.
/// </summary>
public sealed record TermLapsed(DateOnly On);

public enum CheckSource { Gazette, Portal, Cleanup, Other }

/// <summary>A person checked the document's status up to <see cref="CheckedUpTo"/> against a source (the author is the event's user).</summary>
public sealed record StatusChecked(DateOnly CheckedUpTo, CheckSource Against, string? Reference, string? Note);

public enum ClaimedStatus { InForce, NotInForce, PartiallyInForce }

/// <summary>Another source's status label (a portal's 有效/失效 flag), dated and kept as a claim: it changes no status.</summary>
public sealed record StatusClaimed(Guid ClaimId, string Source, ClaimedStatus Status, DateOnly ClaimedOn, string? Url, string? Text);

/// <summary>A person looked at a claim and decided (recorded a fact, or found the claim wrong): it leaves the attention list.</summary>
public sealed record StatusClaimSettled(Guid ClaimId, string Note);

/// <summary>Where a recorded text comes from: the gazette's name and issue, its page, the lines read, or an address.</summary>
public sealed record TextSource(string? Gazette = null, string? Issue = null, int? Page = null, int? FirstLine = null, int? LastLine = null, string? Url = null);

/// <summary>
/// The document's text as published (or as amended): a new version of the text, applying from
/// <see cref="EffectiveOn"/> (null: from the document's own effective date). Earlier versions stay readable.
/// </summary>
public sealed record TextRecorded(string Text, DateOnly? EffectiveOn, TextSource? Source);
