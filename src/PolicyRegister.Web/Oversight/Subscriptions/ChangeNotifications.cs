using System.Text.Json;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace PolicyRegister.Web.Oversight.Subscriptions;

/// <summary>
/// Reads every committed change in order (Marten's async daemon, on one node at a time) and turns it into what the
/// register owes: a delivery per subscriber that wants it, and a check on the day a term runs out. Both are written in
/// the transaction that records this subscription's progress, the messages through Wolverine's durable outbox: a crash
/// between the change and the send loses nothing, and a page read twice after a crash is delivered twice at most,
/// under the same delivery ids.
/// </summary>
public sealed class ChangeNotifications : BatchSubscription
{
    public const string Name = "change-notifications";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly TimeProvider _clock;

    public ChangeNotifications(TimeProvider clock) : base(Name)
    {
        _clock = clock;
        foreach (var type in new[]
                 {
                     typeof(DocumentRegistered), typeof(DocumentRepealed), typeof(DocumentReplaced), typeof(DocumentDeclaredInvalid),
                     typeof(AmendmentOrdered), typeof(DocumentAmended), typeof(DocumentRetained), typeof(TermLapsed), typeof(DecisionApplied),
                     typeof(ValidityTermSet), typeof(ValidityTermResolved), typeof(ValidityTermExtended),
                 })
            IncludeType(type);
    }

    public override async Task ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus, CancellationToken token)
    {
        var events = page.Events;
        if (events.Count == 0) return;
        var today = RegisterCalendar.Today(_clock.GetUtcNow());

        // A term that runs out today or later: check on that day (scheduled, durable, on whichever node holds it).
        foreach (var e in events)
        {
            var lapses = e.Data switch
            {
                ValidityTermSet { Until: { } u } => u.AddDays(1),
                ValidityTermResolved r => r.Until.AddDays(1),
                ValidityTermExtended x => x.Until.AddDays(1),
                _ => (DateOnly?)null,
            };
            if (lapses is { } day && day >= today)
                await bus.ScheduleAsync(new CheckTermLapse(e.StreamId, day), StartOf(day));
        }

        var subscriptions = await operations.Query<Subscription>().Where(s => s.Active).ToListAsync(token);
        if (subscriptions.Count == 0) return;

        var streams = events.Select(e => e.StreamId).Distinct().ToList();
        var documents = (await operations.LoadManyAsync<Document>(token, streams)).ToDictionary(d => d.Id);
        var decisions = (await operations.LoadManyAsync<Decision>(token, streams)).ToDictionary(d => d.Id);
        var owed = new HashSet<Guid>();
        foreach (var e in events)
        {
            if (Describe(e, documents, decisions) is not { } change) continue;
            foreach (var s in subscriptions.Where(s => s.Wants(change)))
            {
                // The same change for the same subscriber always gets the same delivery id, so a replayed page
                // writes the same row again instead of a second one.
                var id = DeliveryId(s.Id, e.Sequence);
                var body = JsonSerializer.Serialize(new { deliveryId = id, subscriptionId = s.Id, change }, Json);
                operations.Store(new Delivery
                {
                    Id = id, SubscriptionId = s.Id, Sequence = e.Sequence, DocumentId = change.DocumentId, Kind = change.Kind, Body = body,
                    CreatedAt = _clock.GetUtcNow(),
                });
                owed.Add(s.Id);
            }
        }
        foreach (var subscription in owed) await bus.PublishAsync(new DeliverPending(subscription));
    }

    /// <summary>Midnight (Beijing) starting the given day.</summary>
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, RegisterCalendar.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    public static Guid DeliveryId(Guid subscription, long sequence)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(subscription.ToByteArray().Concat(BitConverter.GetBytes(sequence)).ToArray());
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // name-based (version 5 layout)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    /// <summary>What a subscriber hears of one event; null for events that are not changes of their own (term dates).</summary>
    public static Change? Describe(IEvent e, IReadOnlyDictionary<Guid, Document> documents, IReadOnlyDictionary<Guid, Decision> decisions)
    {
        if (e.Data is DecisionApplied applied)
        {
            if (!decisions.TryGetValue(e.StreamId, out var d)) return null;
            var counts = string.Join("，", d.Counts().Where(c => c.Value > 0).Select(c => $"{DecisionPlanner.Label(c.Key)}{c.Value}件"));
            return new Change(e.Sequence, ChangeKinds.DecisionApplied, d.DocumentId, d.Number, d.Title, d.Jurisdiction, d.Issuers,
                applied.EffectiveOn, $"执行清理决定：{counts}", d.Number, e.Timestamp);
        }
        if (!documents.TryGetValue(e.StreamId, out var doc)) return null;
        var kind = e.Data switch
        {
            DocumentRegistered => ChangeKinds.Registered,
            DocumentRepealed or DocumentReplaced => ChangeKinds.Repealed,
            DocumentDeclaredInvalid => ChangeKinds.DeclaredInvalid,
            AmendmentOrdered or DocumentAmended => ChangeKinds.Amended,
            DocumentRetained => ChangeKinds.Retained,
            TermLapsed => ChangeKinds.TermLapsed,
            _ => null,
        };
        if (kind is null) return null;
        var fact = Timeline.Describe(e.Data);
        return new Change(e.Sequence, kind, doc.Id, doc.Number, doc.Title, doc.Jurisdiction, doc.Issuers, fact.LegalDate, fact.Summary,
            fact.Basis?.Number, e.Timestamp);
    }
}
