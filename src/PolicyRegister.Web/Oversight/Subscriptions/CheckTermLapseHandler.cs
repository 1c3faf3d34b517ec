using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;

namespace PolicyRegister.Web.Oversight.Subscriptions;

/// <summary>
/// On the day a term runs out: if the document still has that term and has not ended before it, note the lapse once
/// (TermLapsed), written by the register itself, so that the feed and subscribers hear of it that day.
/// </summary>
public static class CheckTermLapseHandler
{
    public const string Author = "register (term lapse)";

    public static async Task Handle(CheckTermLapse message, IDocumentSession session, CancellationToken token)
    {
        var (doc, version) = await Documents.DocumentReads.LoadCurrent(session, message.DocumentId, token);
        if (doc is null || doc.ExpiresOn?.AddDays(1) != message.LapsesOn || doc.LapseNotedOn == message.LapsesOn) return;
        if (doc.EndedOn is { } ended && ended < message.LapsesOn) return;
        AuditMiddleware.Stamp(session, Author, $"有效期至{doc.ExpiresOn:yyyy-MM-dd}，届满当日由登记簿记录", $"term-lapse-{message.DocumentId}-{message.LapsesOn:yyyyMMdd}");
        // At the version read: a concurrent write or a second node's check fails this one instead of noting it twice.
        session.Events.Append(doc.Id, version + 1, new TermLapsed(message.LapsesOn));
    }
}
