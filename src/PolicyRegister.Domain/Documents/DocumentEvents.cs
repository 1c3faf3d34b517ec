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

public sealed record AmendmentOrdered(DateOnly On, LegalBasis Basis, string? Note);

public sealed record DocumentAmended(DateOnly On, LegalBasis? Basis, string? Summary);

/// <summary>Revised or replaced by another document: it ceases to be in force on <see cref="On"/>.</summary>
public sealed record DocumentReplaced(DateOnly On, LegalBasis Basis);

public sealed record DocumentRepealed(DateOnly On, LegalBasis Basis, string? Reason);

public sealed record DocumentDeclaredInvalid(DateOnly On, LegalBasis Basis, string? Reason);

/// <summary>Confirmed by a cleanup decision as remaining in force: evidence, not a new validity.</summary>
public sealed record DocumentRetained(DateOnly On, LegalBasis Basis);

/// <summary>A metadata correction; the old value stays in the history.</summary>
public sealed record DocumentCorrected(string Field, string? OldValue, string NewValue, string? Note);
