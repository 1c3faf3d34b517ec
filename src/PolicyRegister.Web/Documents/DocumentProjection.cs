using JasperFx.Events;
using Marten.Events.Aggregation;
using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Web.Documents;

/// <summary>
/// The inline snapshot of one document. The fold itself is <see cref="Document.When"/>, plain C# in the
/// domain, so the domain needs no store package (and so no store source generator) at all.
/// </summary>
public sealed partial class DocumentProjection : SingleStreamProjection<Document, Guid>
{
    public DocumentProjection()
    {
        // Only this aggregate's events: the other stream kinds must not create snapshots here.
        foreach (var type in Document.EventTypes) IncludeType(type);
    }

    public override Document Evolve(Document? snapshot, Guid id, IEvent e)
    {
        var doc = snapshot ?? new Document { Id = id };
        return doc.When(e.Data);
    }
}
