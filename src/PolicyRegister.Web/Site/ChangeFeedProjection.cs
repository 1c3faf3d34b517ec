using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Web.Site;

/// <summary>One entry of the public change feed, keyed by the event's sequence so that a replay writes the same rows.</summary>
public sealed class ChangeFeedEntry
{
    public long Id { get; set; }
    public Guid EventId { get; set; }
    public string Kind { get; set; } = "";
    public string Jurisdiction { get; set; } = "";
    public Guid? DocumentId { get; set; }
    public Guid? DecisionId { get; set; }

    /// <summary>The document's (or the decision's) number, for its permanent URI; absent on entries projected before it was kept.</summary>
    public string? Number { get; set; }
    public string Title { get; set; } = "";
    public string Summary { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>
/// The change feed as an asynchronous projection: Marten's daemon runs it on one node of the cluster at a time
/// (hot/cold), and a node that takes over resumes from the stored progress, so no event's entry is lost or written twice.
/// </summary>
public sealed partial class ChangeFeedProjection : EventProjection
{
    public ChangeFeedProjection()
    {
        IncludeType<DocumentRegistered>();
        IncludeType<DocumentRepealed>();
        IncludeType<DocumentDeclaredInvalid>();
        IncludeType<DocumentReplaced>();
        IncludeType<DecisionApplied>();
        IncludeType<TermLapsed>();
    }

    public override async ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken token)
    {
        var entry = new ChangeFeedEntry { Id = e.Sequence, EventId = e.Id, RecordedAt = e.Timestamp };
        if (e.Data is DecisionApplied applied)
        {
            var decision = await operations.LoadAsync<Decision>(e.StreamId, token);
            if (decision is null) return;
            entry.Kind = "decision_applied";
            entry.Jurisdiction = decision.Jurisdiction;
            entry.DecisionId = decision.Id;
            entry.DocumentId = decision.DocumentId;
            entry.Number = decision.Number;
            entry.Title = $"执行清理决定：{decision.Title}（{decision.Number}）";
            entry.Summary = string.Join("，", decision.Counts().Where(c => c.Value > 0).Select(c => $"{DecisionPlanner.Label(c.Key)}{c.Value}件"))
                + $"，自{applied.EffectiveOn.Year}年{applied.EffectiveOn.Month}月{applied.EffectiveOn.Day}日起施行";
        }
        else
        {
            var doc = await operations.LoadAsync<Document>(e.StreamId, token);
            if (doc is null) return;
            var fact = Timeline.Describe(e.Data);
            var verb = e.Data switch
            {
                DocumentRegistered => "新登记", DocumentRepealed => "废止", DocumentDeclaredInvalid => "宣布失效", TermLapsed => "有效期届满", _ => "被替代",
            };
            entry.Kind = fact.Kind;
            entry.Jurisdiction = doc.Jurisdiction;
            entry.DocumentId = doc.Id;
            entry.Number = doc.Number;
            entry.Title = $"{verb}：{doc.Title}（{doc.Number}）";
            entry.Summary = fact.Summary + (fact.Basis?.Number is { } n && e.Data is not DocumentRegistered ? $"（依据{n}）" : "");
        }
        operations.Store(entry);
    }
}
