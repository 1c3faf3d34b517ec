using JasperFx.Events;
using Marten.Events.Aggregation;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Texts;

namespace PolicyRegister.Web.Documents;

/// <summary>
/// A document's titles, signing date and jurisdiction: the narrow row a title search reads (<see cref="TitleSearch"/>).
/// A word found in a thousand titles costs a thousand rows; here a row is a few hundred bytes that stay in PostgreSQL's
/// buffers, where the document's snapshot is kilobytes read from disk (measured at 100,000 documents: 2.5–6 ms against
/// 5–32 ms to reach the thousandth match).
/// </summary>
public sealed class TitleEntry
{
    public Guid Id { get; set; }

    /// <summary>Every known title, one a line, the current one first (<see cref="Document.SearchText"/>): the column words are confirmed on.</summary>
    public string SearchText { get; set; } = "";

    public DateOnly? SignedOn { get; set; }
    public string Jurisdiction { get; set; } = "";

    /// <summary>The search keys of every known title (<see cref="SearchKeys"/>): a column with a GIN index, derived at each write, never in the JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int[] TitleKeys => SearchKeys.Of(SearchText);

    public static TitleEntry Of(Document d) => new() { Id = d.Id, SearchText = d.SearchText, SignedOn = d.SignedOn, Jurisdiction = d.Jurisdiction };

    /// <summary>The fields this entry keeps, on a document to fold the next event onto.</summary>
    public Document ToDocument()
    {
        var titles = Document.TitlesOf(SearchText);
        return new() { Id = Id, Title = titles[0], AlternativeTitles = [.. titles.Skip(1)], SignedOn = SignedOn, Jurisdiction = Jurisdiction };
    }
}

/// <summary>
/// Keeps <see cref="TitleEntry"/> in the transaction of every event that can change a title, a signing date or a
/// jurisdiction (<see cref="Document.TitleEventTypes"/>), folded by the document's own rule (<see cref="Document.When"/>).
/// A decision's retentions and repeals change none of them, so they write no entry.
/// </summary>
public sealed partial class TitleEntryProjection : SingleStreamProjection<TitleEntry, Guid>
{
    public TitleEntryProjection()
    {
        foreach (var type in Document.TitleEventTypes) IncludeType(type);
    }

    public override TitleEntry Evolve(TitleEntry? snapshot, Guid id, IEvent e) =>
        TitleEntry.Of((snapshot?.ToDocument() ?? new Document { Id = id }).When(e.Data));
}
