using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Domain.Documents;

public enum ValidityStatus { NotYetEffective, InForce, Expired, Repealed, DeclaredInvalid, Unknown }

public sealed record DatedBasis(DateOnly On, LegalBasis? Basis);

/// <summary>
/// The state of one document, folded from its events (Apply only, no decisions here).
/// It also keeps the validity interval [InForceFrom, InForceUntil) so that "in force on D"
/// over the whole register is one indexed query on the stored snapshot.
/// It holds no version: the stream's version (what a write names as expected) is the stream's own, and texts,
/// which are events of the stream, are not folded here (see <see cref="EventTypes"/>).
/// </summary>
public sealed class Document
{
    public Guid Id { get; set; }

    public string? Number { get; set; }
    public string? NumberKey { get; set; }
    public string Title { get; set; } = "";
    public List<string> AlternativeTitles { get; set; } = [];
    public List<string> Issuers { get; set; } = [];
    public string Jurisdiction { get; set; } = "";
    public DocumentKind Kind { get; set; }
    public DateOnly? SignedOn { get; set; }
    public Publication? Publication { get; set; }
    public bool Trial { get; set; }
    public List<string> Instruments { get; set; } = [];
    public string? Source { get; set; }
    /// <summary>True while the register knows the document only from decision lists.</summary>
    public bool KnownOnlyFromDecisions { get; set; }

    public EffectiveRule? EffectiveRule { get; set; }
    public DateOnly? EffectiveOn { get; set; }
    public LegalBasis? EffectiveBasis { get; set; }

    public DateOnly? ExpiresOn { get; set; }
    public string? ExpiryText { get; set; }
    public LegalBasis? ExpiryBasis { get; set; }

    public DateOnly? EndedOn { get; set; }
    public ValidityStatus? EndedAs { get; set; }
    public LegalBasis? EndBasis { get; set; }

    public List<DatedBasis> Retentions { get; set; } = [];
    public List<DatedBasis> AmendmentOrders { get; set; } = [];
    public List<DatedBasis> Amendments { get; set; } = [];

    /// <summary>The verb the ending act wrote (停止执行, 不再适用 …), when it was kept.</summary>
    public string? EndVerb { get; set; }

    /// <summary>Parts ended while the rest stays in force (部分废止/部分失效).</summary>
    public List<PartialEnding> PartialEndings { get; set; } = [];

    /// <summary>Decisions that listed the document for reference only (已由…废止), with the act they name.</summary>
    public List<ReferenceNote> References { get; set; } = [];

    /// <summary>The latest check of this document's status by a person (the jurisdiction's checks are read beside it).</summary>
    public StatusCheck? LastCheck { get; set; }

    /// <summary>The lapse the register has noted (TermLapsed), so that it is noted once.</summary>
    public DateOnly? LapseNotedOn { get; set; }

    /// <summary>Status labels from other sources, kept as claims; settled ones stay with their note.</summary>
    public List<Claim> Claims { get; set; } = [];

    /// <summary>Every title the document is known by, for substring search over one indexed column.</summary>
    public string SearchText
    {
        get => SearchTextOf(Title, AlternativeTitles);
        set { } // derived; kept settable for serializers
    }

    /// <summary>The titles one a line, the current one first: the one form of <see cref="SearchText"/> (documents and title entries).</summary>
    public static string SearchTextOf(string title, IReadOnlyList<string> alternativeTitles) =>
        alternativeTitles.Count == 0 ? title : title + "\n" + string.Join("\n", alternativeTitles);

    /// <summary>The folded bigrams a decision's rows are matched by (<see cref="Decisions.TitleKey.IndexKeys"/>), indexed so that a decision loads only the documents its rows can name.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int[] MatchKeys => Keyed(ref _matchKeys, MatchKeysOf);

    // Keys are asked for at every write of the document (a rebuild writes each document again and again) while its
    // titles seldom change: computed again only when they have.
    private (string Of, int[] Keys)? _matchKeys;

    private int[] Keyed(ref (string Of, int[] Keys)? cached, Func<string, int[]> compute)
    {
        var text = SearchText;
        if (cached is { } c && c.Of == text) return c.Keys;
        var keys = compute(text);
        cached = (text, keys);
        return keys;
    }

    /// <summary>The match keys of the titles as <see cref="SearchText"/> holds them (one a line): the one rule for stored documents and for rows keyed later.</summary>
    public static int[] MatchKeysOf(string searchText) => Decisions.TitleKey.IndexKeys(TitlesOf(searchText));

    /// <summary>The titles <see cref="SearchText"/> holds: the current one first, then the earlier and alternative ones.</summary>
    public static string[] TitlesOf(string searchText) => searchText.Split('\n');

    // The validity interval, recomputed after every event.
    public DateOnly? InForceFrom { get; set; }
    public DateOnly? InForceUntil { get; set; }
    public ValidityStatus? UntilStatus { get; set; }

    /// <summary>
    /// The event types <see cref="When"/> folds: a projection of documents listens to these only. Not
    /// <see cref="TextRecorded"/>: a text changes no field here, and texts are most of a register's event data, which a
    /// rebuild of the snapshots would otherwise read through only to count them.
    /// </summary>
    public static readonly IReadOnlyList<Type> EventTypes =
    [
        typeof(DocumentRegistered), typeof(DocumentListedByDecision), typeof(PublicationRecorded), typeof(EffectiveDateSet),
        typeof(ValidityTermSet), typeof(ValidityTermResolved), typeof(ValidityTermExtended), typeof(AmendmentOrdered),
        typeof(DocumentAmended), typeof(DocumentReplaced), typeof(DocumentRepealed), typeof(DocumentDeclaredInvalid),
        typeof(DocumentRetained), typeof(DocumentCorrected), typeof(ListedForReference), typeof(StatusChecked),
        typeof(StatusClaimed), typeof(StatusClaimSettled), typeof(TermLapsed),
    ];

    /// <summary>
    /// The event types that can change <see cref="Title"/>, <see cref="AlternativeTitles"/>, <see cref="SignedOn"/> or
    /// <see cref="Jurisdiction"/>, and whose fold of those four reads nothing else: what a title search's narrow rows listen to.
    /// An event added to <see cref="When"/> that sets one of them belongs here too.
    /// </summary>
    public static readonly IReadOnlyList<Type> TitleEventTypes = [typeof(DocumentRegistered), typeof(DocumentListedByDecision), typeof(DocumentCorrected)];

    /// <summary>A copy to fold proposed events into (a decider's check) without touching the loaded state.</summary>
    public Document Copy()
    {
        var copy = (Document)MemberwiseClone();
        copy.AlternativeTitles = [.. AlternativeTitles];
        copy.Issuers = [.. Issuers];
        copy.Instruments = [.. Instruments];
        copy.Retentions = [.. Retentions];
        copy.AmendmentOrders = [.. AmendmentOrders];
        copy.Amendments = [.. Amendments];
        copy.PartialEndings = [.. PartialEndings];
        copy.References = [.. References];
        copy.Claims = [.. Claims];
        return copy;
    }

    /// <summary>Folds one event; unknown event types leave the state as it is.</summary>
    public Document When(object @event)
    {
        switch (@event)
        {
            case DocumentRegistered e: On(e); break;
            case DocumentListedByDecision e: On(e); break;
            case PublicationRecorded e: On(e); break;
            case EffectiveDateSet e: On(e); break;
            case ValidityTermSet e: On(e); break;
            case ValidityTermResolved e: On(e); break;
            case ValidityTermExtended e: On(e); break;
            case AmendmentOrdered e: On(e); break;
            case DocumentAmended e: On(e); break;
            case DocumentReplaced e: On(e); break;
            case DocumentRepealed e: On(e); break;
            case DocumentDeclaredInvalid e: On(e); break;
            case DocumentRetained e: On(e); break;
            case DocumentCorrected e: On(e); break;
            case ListedForReference e: References.Add(new ReferenceNote(e.On, e.Basis, e.EndedBy, e.Verb)); break;
            case StatusChecked e: LastCheck = new StatusCheck(e.CheckedUpTo, e.Against, e.Reference); break;
            case StatusClaimed e: Claims.Add(new Claim(e.ClaimId, e.Source, e.Status, e.ClaimedOn, e.Url, null)); break;
            case TermLapsed e: LapseNotedOn = e.On; break;
            case StatusClaimSettled e:
                Claims = [.. Claims.Select(c => c.Id == e.ClaimId ? c with { SettledNote = e.Note } : c)];
                break;
        }
        return this;
    }

    public static Document From(IEnumerable<object> events) =>
        events.Aggregate(new Document(), (doc, e) => doc.When(e));

    private void On(DocumentRegistered e)
    {
        Id = e.DocumentId;
        Number = e.Number;
        NumberKey = DocumentNumber.TryParse(e.Number, out var n) ? n.Key : e.Number;
        Title = e.Title;
        AlternativeTitles = [.. e.AlternativeTitles];
        Issuers = [.. e.Issuers];
        Jurisdiction = Divisions.Canonical(e.Jurisdiction);
        Kind = e.Kind;
        SignedOn = e.SignedOn;
        Publication = e.Publication;
        Trial = e.Trial;
        Instruments = [.. e.Instruments];
        Source = e.Source;
        KnownOnlyFromDecisions = false;
        ResolveEffectiveRule();
        Recompute();
    }

    private void On(DocumentListedByDecision e)
    {
        Id = e.DocumentId;
        Number = e.Number;
        NumberKey = e.Number is not null && DocumentNumber.TryParse(e.Number, out var n) ? n.Key : null;
        Title = e.Title;
        Instruments = [.. e.Instruments];
        Jurisdiction = Divisions.Canonical(e.Jurisdiction);
        Kind = DocumentKind.Normative;
        KnownOnlyFromDecisions = true;
        Recompute();
    }

    private void On(PublicationRecorded e)
    {
        Publication = e.Publication;
        ResolveEffectiveRule();
        Recompute();
    }

    private void On(EffectiveDateSet e)
    {
        EffectiveRule = e.Rule;
        EffectiveOn = e.On;
        EffectiveBasis = e.Basis;
        ResolveEffectiveRule();
        Recompute();
    }

    private void On(ValidityTermSet e)
    {
        ExpiresOn = e.Until;
        ExpiryText = e.Text;
        ExpiryBasis = e.Basis;
        Recompute();
    }

    private void On(ValidityTermResolved e)
    {
        ExpiresOn = e.Until;
        Recompute();
    }

    private void On(ValidityTermExtended e)
    {
        ExpiresOn = e.Until;
        ExpiryBasis = e.Basis ?? ExpiryBasis;
        Recompute();
    }

    private void On(AmendmentOrdered e)
    {
        AmendmentOrders.Add(new DatedBasis(e.On, e.Basis));
        Recompute();
    }

    private void On(DocumentAmended e) => Amendments.Add(new DatedBasis(e.On, e.Basis));

    private void On(DocumentReplaced e) => End(e.On, ValidityStatus.Repealed, e.Basis, e.Verb);

    private void On(DocumentRepealed e) => EndWholeOrPart(e.On, ValidityStatus.Repealed, e.Basis, e.Verb, e.Scope);

    private void On(DocumentDeclaredInvalid e) => EndWholeOrPart(e.On, ValidityStatus.DeclaredInvalid, e.Basis, e.Verb, e.Scope);

    // An act on named articles or annexes ends those parts only: the document stays in force for the rest.
    private void EndWholeOrPart(DateOnly on, ValidityStatus status, LegalBasis basis, string? verb, PartScope? scope)
    {
        if (scope is { IsEmpty: false }) PartialEndings.Add(new PartialEnding(on, status, scope, basis, verb));
        else End(on, status, basis, verb);
    }

    private void On(DocumentRetained e)
    {
        Retentions.Add(new DatedBasis(e.On, e.Basis));
        Recompute();
    }

    private void On(DocumentCorrected e)
    {
        switch (e.Field)
        {
            case DocumentFields.Title:
                if (!AlternativeTitles.Contains(Title)) AlternativeTitles.Add(Title);
                Title = e.NewValue;
                break;
            case DocumentFields.SignedOn:
                SignedOn = DateOnly.Parse(e.NewValue, System.Globalization.CultureInfo.InvariantCulture);
                ResolveEffectiveRule();
                break;
            case DocumentFields.Number:
                Number = e.NewValue;
                NumberKey = DocumentNumber.TryParse(e.NewValue, out var n) ? n.Key : e.NewValue;
                break;
            case DocumentFields.Issuers:
                Issuers = [.. e.NewValue.Split('、', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                break;
            case DocumentFields.Jurisdiction:
                Jurisdiction = Divisions.Canonical(e.NewValue);
                break;
            case DocumentFields.Kind:
                Kind = Enum.TryParse<DocumentKind>(e.NewValue, ignoreCase: true, out var kind) ? kind : Kind;
                break;
        }
        Recompute();
    }

    private void End(DateOnly on, ValidityStatus status, LegalBasis basis, string? verb)
    {
        EndedOn = on;
        EndedAs = status;
        EndBasis = basis;
        EndVerb = verb;
        Recompute();
    }

    // "On signing" and "on publication" become a date as soon as that date is known.
    private void ResolveEffectiveRule()
    {
        EffectiveOn = EffectiveRule switch
        {
            Documents.EffectiveRule.OnSigning => SignedOn,
            Documents.EffectiveRule.OnPublication => Publication?.On,
            _ => EffectiveOn,
        };
    }

    /// <summary>
    /// With no known effective date, a decision that retains the document or orders its amendment is the
    /// earliest evidence that it is in force: both lists of a cleanup decision name documents in force.
    /// </summary>
    public DatedBasis? FirstEvidence() => Retentions.Concat(AmendmentOrders).OrderBy(r => r.On).FirstOrDefault();

    private void Recompute()
    {
        InForceFrom = EffectiveOn ?? FirstEvidence()?.On;
        (InForceUntil, UntilStatus) = (EndedOn, ExpiresOn) switch
        {
            ({ } ended, { } expires) when expires.AddDays(1) < ended => (expires.AddDays(1), ValidityStatus.Expired),
            ({ } ended, _) => (ended, EndedAs),
            (null, { } expires) => (expires.AddDays(1), ValidityStatus.Expired),
            _ => ((DateOnly?)null, (ValidityStatus?)null),
        };
    }
}

public sealed record ReferenceNote(DateOnly On, LegalBasis Basis, string? EndedBy, string? Verb);

public sealed record StatusCheck(DateOnly CheckedUpTo, CheckSource Against, string? Reference);

/// <summary>A status claim from another source; <see cref="SettledNote"/> is set once a person has decided on it.</summary>
public sealed record Claim(Guid Id, string Source, ClaimedStatus Status, DateOnly ClaimedOn, string? Url, string? SettledNote);

public static class DocumentFields
{
    public const string Title = "title";
    public const string SignedOn = "signedOn";
    public const string Number = "number";
    public const string Issuers = "issuers";
    public const string Jurisdiction = "jurisdiction";
    public const string Kind = "kind";
    public static readonly IReadOnlyList<string> All = [Title, SignedOn, Number, Issuers, Jurisdiction, Kind];
}
