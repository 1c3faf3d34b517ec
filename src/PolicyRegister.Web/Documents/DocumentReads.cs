using System.Globalization;
using JasperFx.Events;
using Marten;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;

namespace PolicyRegister.Web.Documents;

public sealed record StatusView(
    Guid DocumentId,
    string? Number,
    string Title,
    DateOnly On,
    DateTimeOffset? AsOf,
    ValidityStatus Status,
    DateOnly? Since,
    LegalBasis? Basis,
    bool PendingAmendment,
    ExpiryAnswer? Expiry,
    EffectiveView Effective,
    bool KnownOnlyFromDecisions,
    long Version,
    DateTimeOffset? LastRecordedAt,
    DateTimeOffset? UpToDateAsOf)
{
    /// <summary>A term written as text whose earliest meaning is already past on the legal date: it may have ended.</summary>
    public bool TermUnresolved { get; init; }

    /// <summary>The last day of the text term by a known rule (夏秋航季 …), for a person to confirm with a term resolution.</summary>
    public DateOnly? TermProposal { get; init; }

    /// <summary>What a reader must know beside the status, in Chinese (有效期届满日待核定，可能已届满).</summary>
    public string? Caveat { get; init; }

    /// <summary>Part of the document has ended (部分废止/部分失效) while the rest stays in force.</summary>
    public bool PartiallyEnded { get; init; }

    /// <summary>The parts ended by the legal date, together (第五条、第八条); null when none.</summary>
    public PartScope? Scope { get; init; }

    /// <summary>Each partial ending: when, how, by what, under which verb.</summary>
    public IReadOnlyList<PartialEnding> PartsEnded { get; init; } = [];

    /// <summary>The verb the ending act wrote (停止执行, 不再适用 …), beside the normalised status.</summary>
    public string? Verb { get; init; }

    /// <summary>Up to when a person has checked this status, and against what (the document's or its jurisdiction's check).</summary>
    public Jurisdictions.CheckView? CheckedUpTo { get; init; }

    /// <summary>Status labels from other sources, with whether each disagrees with the register's own answer on its date.</summary>
    public IReadOnlyList<ClaimView> Claims { get; init; } = [];
}

public sealed record ClaimView(Guid Id, string Source, ClaimedStatus Status, DateOnly ClaimedOn, string? Url, bool Settled, string? SettledNote, bool Disagrees);

public sealed record EffectiveView(DateOnly? On, EffectiveRule? Rule);

public sealed record TimelineEntry(
    long Version, string Kind, DateOnly? LegalDate, string Summary, LegalBasis? Basis,
    DateTimeOffset RecordedAt, string? RecordedBy, string? Reason);

/// <summary>A stored document and its stream's version (what a write names as expected), read together.</summary>
public sealed record VersionedDocument(Document Document, long Version);

/// <summary>What the queries share: parsing the two time axes, and reading the one stream or the snapshot.</summary>
public static class DocumentReads
{
    /// <summary>The legal dates the register answers for: 1900–2199 (outside it, date arithmetic such as a year before would overflow).</summary>
    public static readonly DateOnly FirstDate = new(1900, 1, 1), LastDate = new(2199, 12, 31);

    public static bool TryParseOn(string? text, TimeProvider clock, out DateOnly on) =>
        string.IsNullOrWhiteSpace(text)
            ? (on = RegisterCalendar.Today(clock.GetUtcNow())) == on
            : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out on) && on >= FirstDate && on <= LastDate;

    public static bool TryParseAsOf(string? text, out DateTimeOffset? asOf)
    {
        asOf = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        // A moment written without a zone is Beijing time, as `on` is a Beijing date.
        var t = text.Trim();
        if (!DateTime.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var local)) return false;
        // PostgreSQL's timestamptz takes UTC only (Npgsql refuses another offset): every moment goes in as UTC.
        if (local.Kind != DateTimeKind.Unspecified)
        {
            if (!DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var zoned)) return false;
            asOf = zoned.ToUniversalTime();
            return true;
        }
        if (local.Year < 2 || local.Year > 9998) return false;
        asOf = new DateTimeOffset(local, RegisterCalendar.Zone.GetUtcOffset(local)).ToUniversalTime();
        return true;
    }

    /// <summary>
    /// The document as the register knew it at <paramref name="asOf"/> (transaction time): the events of this
    /// one stream recorded by then, folded by the same code as the inline snapshot. Null when it did not exist yet.
    /// </summary>
    public static async Task<(Document? Doc, IReadOnlyList<IEvent> Events)> LoadAsOf(IQuerySession session, Guid id, DateTimeOffset? asOf, CancellationToken token)
    {
        var events = await session.Events.FetchStreamAsync(id, timestamp: asOf, token: token);
        if (events.Count == 0) return (null, events);
        return (Document.From(events.Select(e => e.Data)), events);
    }

    /// <summary>
    /// The stored snapshot and its stream's version (what a write names as expected). The version is the stream's: the
    /// snapshot folds no texts, so its last folded event is not always the stream's last.
    /// </summary>
    public static async Task<(Document? Doc, long Version)> LoadCurrent(IQuerySession session, Guid id, CancellationToken token) =>
        (await Versioned(session, "d.id = ?", token, id)) is [var found] ? (found.Document, found.Version) : (null, 0);

    /// <summary>
    /// The document under a number key in a jurisdiction (unique there; with none given, the first found anywhere) and its
    /// stream's version; (null, 0) when none.
    /// </summary>
    public static async Task<(Document? Doc, long Version)> CurrentByNumberKey(IQuerySession session, string key, string? jurisdiction, CancellationToken token) =>
        (await ByNumberKey(session, key, jurisdiction, 1, token)) is [var found] ? (found.Document, found.Version) : (null, 0);

    /// <summary>The documents under a number key, in a jurisdiction or anywhere, by the (jurisdiction, number) and number indexes; at most <paramref name="take"/>.</summary>
    public static Task<IReadOnlyList<VersionedDocument>> ByNumberKey(IQuerySession session, string key, string? jurisdiction, int take, CancellationToken token) =>
        jurisdiction is null
            ? Versioned(session, $"d.number_key = ? limit {take}", token, key)
            : Versioned(session, $"d.number_key = ? and d.jurisdiction = ? limit {take}", token, key, jurisdiction);

    /// <summary>
    /// As <see cref="Versioned"/>, for a write that will append to the documents read: they are read through Marten's
    /// selector (the columns its storage selects: id, data, revision), so they enter the session's identity map and the
    /// inline projection applying the write's events takes them from there at commit instead of reading the same rows
    /// again (32 ms of a 1,000-row decision). The session must hold none of them already: a hit returns the state cached
    /// earlier beside the version read now, the pair the versioned read exists to prevent. Callers eject first.
    /// </summary>
    public static async Task<IReadOnlyList<VersionedDocument>> VersionedForWriting(IDocumentSession session, string where, CancellationToken token, params object[] parameters)
    {
        var rows = await session.AdvancedSql.QueryAsync<Document, long>(
            $"select row(d.id, d.data, d.mt_version), row({StreamVersion(session)}) from {TableName(session.DocumentStore).QualifiedName} d where {where}", token, parameters);
        return [.. rows.Select(r => new VersionedDocument(r.Item1, r.Item2))];
    }

    /// <summary>
    /// Stored documents with their streams' versions, in one statement: one snapshot of both, so a write decided on a
    /// document names the version its state was read at (read apart, a write landing between could pair a state with a
    /// later version, and the write would act on a state already replaced). <paramref name="where"/> is on the documents, as d.
    /// </summary>
    public static async Task<IReadOnlyList<VersionedDocument>> Versioned(IQuerySession session, string where, CancellationToken token, params object[] parameters)
    {
        // The version by the streams' key for each row found (a join may be planned as a scan of every stream).
        return await session.QueryAsync<VersionedDocument>(
            $"select json_build_object('document', d.data, 'version', {StreamVersion(session)}) from {TableName(session.DocumentStore).QualifiedName} d where {where}", token, parameters);
    }

    private static string StreamVersion(IQuerySession session) =>
        $"(select s.version from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams s where s.id = d.id)";

    /// <summary>The documents' table: what the statements written by hand over the stored documents read.</summary>
    public static Weasel.Core.DbObjectName TableName(IDocumentStore store) => store.Options.FindOrResolveDocumentType(typeof(Document)).TableName;

    /// <summary>When the register last learnt anything (at or before <paramref name="asOf"/>).</summary>
    public static async Task<DateTimeOffset?> UpToDateAsOf(IQuerySession session, DateTimeOffset? asOf, CancellationToken token)
    {
        IQueryable<IEvent> query = session.Events.QueryAllRawEvents();
        if (asOf is { } t) query = query.Where(e => e.Timestamp <= t);
        var last = await query.OrderByDescending(e => e.Sequence).Select(e => e.Timestamp).Take(1).ToListAsync(token);
        return last.Count == 0 ? null : last[0];
    }

    /// <summary>The answer on <paramref name="on"/>; <paramref name="version"/> is the stream's version the state was read at.</summary>
    public static StatusView Status(
        Document doc, long version, DateOnly on, DateTimeOffset? asOf, DateTimeOffset? lastRecorded, DateTimeOffset? upToDate, Jurisdictions.CheckView? jurisdictionCheck = null)
    {
        var answer = Validity.On(doc, on);
        var (unresolved, proposal, caveat) = TermCaveat(answer, on);
        return new StatusView(doc.Id, doc.Number, doc.Title, on, asOf, answer.Status, answer.Since, answer.Basis,
            answer.PendingAmendment, answer.Expiry, new EffectiveView(doc.EffectiveOn, doc.EffectiveRule),
            doc.KnownOnlyFromDecisions, version, lastRecorded, upToDate)
        {
            TermUnresolved = unresolved,
            TermProposal = proposal,
            Caveat = caveat,
            PartiallyEnded = answer.PartiallyEnded,
            Scope = Validity.EndedScope(answer.PartsEnded),
            PartsEnded = answer.PartsEnded,
            Verb = answer.Verb,
            CheckedUpTo = Jurisdictions.JurisdictionChecks.Latest(doc, jurisdictionCheck),
            Claims = [.. doc.Claims.Select(c => new ClaimView(c.Id, c.Source, c.Status, c.ClaimedOn, c.Url, c.SettledNote is not null, c.SettledNote,
                ClaimCheck.Disagrees(doc, c)))],
        };
    }

    /// <summary>A text term possibly past on the legal date (the rule lives in <see cref="TermText.Caveat"/>).</summary>
    public static (bool Unresolved, DateOnly? Proposal, string? Caveat) TermCaveat(StatusAnswer answer, DateOnly on)
    {
        var c = TermText.Caveat(answer, on);
        return (c.Unresolved, c.Proposal, c.Text);
    }

    /// <summary>
    /// The document's facts in order. Staff see who recorded each; the public sees the office's role instead of a
    /// person's or a machine's name (登记机关（登记）, 登记机关（审核）, 公报导入, 登记簿自动记录), and reasons without names.
    /// </summary>
    public static IReadOnlyList<TimelineEntry> TimelineOf(IReadOnlyList<IEvent> events, bool names = true) => events
        .Select(e =>
        {
            var fact = Timeline.Describe(e.Data);
            var reason = e.Headers is { } h && h.TryGetValue(AuditMiddleware.ReasonHeader, out var r) ? r?.ToString() : null;
            return names
                ? new TimelineEntry(e.Version, fact.Kind, fact.LegalDate, fact.Summary, fact.Basis, e.Timestamp, e.UserName, reason)
                : new TimelineEntry(e.Version, fact.Kind, fact.LegalDate, fact.Summary, fact.Basis, e.Timestamp, PublicAuthor(e.UserName, reason), WithoutNames(reason));
        })
        .ToList();

    public static string PublicAuthor(string? user, string? reason) =>
        user is null ? "登记机关"
        : user.EndsWith("(import)", StringComparison.Ordinal) ? "登记机关（公报导入）"
        : user.StartsWith("register", StringComparison.Ordinal) ? "登记簿（自动记录）"
        : reason is not null && reason.Contains("审核：") ? "登记机关（审核）"
        : "登记机关（登记）";

    /// <summary>Reasons the register wrote itself name the preparer and the reviewer: the public reads them without the names.</summary>
    public static string? WithoutNames(string? reason) =>
        reason is null ? null : System.Text.RegularExpressions.Regex.Replace(reason, @"（(?:拟稿|提议)：[^）]*；审核：[^）]*）", "（经审核）");
}
