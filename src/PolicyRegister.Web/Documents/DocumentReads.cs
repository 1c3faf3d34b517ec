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
    DateTimeOffset? UpToDateAsOf);

public sealed record EffectiveView(DateOnly? On, EffectiveRule? Rule);

public sealed record TimelineEntry(
    long Version, string Kind, DateOnly? LegalDate, string Summary, LegalBasis? Basis,
    DateTimeOffset RecordedAt, string? RecordedBy, string? Reason);

/// <summary>What the queries share: parsing the two time axes, and reading the one stream or the snapshot.</summary>
public static class DocumentReads
{
    public static bool TryParseOn(string? text, TimeProvider clock, out DateOnly on) =>
        string.IsNullOrWhiteSpace(text)
            ? (on = RegisterCalendar.Today(clock.GetUtcNow())) == on
            : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out on);

    public static bool TryParseAsOf(string? text, out DateTimeOffset? asOf)
    {
        asOf = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        asOf = parsed;
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
        var doc = Document.From(events.Select(e => e.Data));
        doc.Version = events[^1].Version;
        return (doc, events);
    }

    /// <summary>When the register last learnt anything (at or before <paramref name="asOf"/>).</summary>
    public static async Task<DateTimeOffset?> UpToDateAsOf(IQuerySession session, DateTimeOffset? asOf, CancellationToken token)
    {
        IQueryable<IEvent> query = session.Events.QueryAllRawEvents();
        if (asOf is { } t) query = query.Where(e => e.Timestamp <= t);
        var last = await query.OrderByDescending(e => e.Sequence).Select(e => e.Timestamp).Take(1).ToListAsync(token);
        return last.Count == 0 ? null : last[0];
    }

    public static StatusView Status(Document doc, DateOnly on, DateTimeOffset? asOf, DateTimeOffset? lastRecorded, DateTimeOffset? upToDate)
    {
        var answer = Validity.On(doc, on);
        return new StatusView(doc.Id, doc.Number, doc.Title, on, asOf, answer.Status, answer.Since, answer.Basis,
            answer.PendingAmendment, answer.Expiry, new EffectiveView(doc.EffectiveOn, doc.EffectiveRule),
            doc.KnownOnlyFromDecisions, doc.Version, lastRecorded, upToDate);
    }

    public static IReadOnlyList<TimelineEntry> TimelineOf(IReadOnlyList<IEvent> events) => events
        .Select(e =>
        {
            var fact = Timeline.Describe(e.Data);
            var reason = e.Headers is { } h && h.TryGetValue(AuditMiddleware.ReasonHeader, out var r) ? r?.ToString() : null;
            return new TimelineEntry(e.Version, fact.Kind, fact.LegalDate, fact.Summary, fact.Basis, e.Timestamp, e.UserName, reason);
        })
        .ToList();
}
