namespace PolicyRegister.Domain.Documents;

/// <summary>One fact of a document's history, on the legal time axis (what date it concerns).</summary>
public sealed record FactDescription(string Kind, DateOnly? LegalDate, string Summary, LegalBasis? Basis);

public static class Timeline
{
    public static FactDescription Describe(object @event) => @event switch
    {
        DocumentRegistered e => new("registered", e.SignedOn, $"登记：{e.Title}（{e.Number}）", new LegalBasis(e.Number, e.Title, e.DocumentId)),
        DocumentListedByDecision e => new("listed_by_decision", null, $"见于{e.Basis.Number}所附目录：{e.Title}", e.Basis),
        PublicationRecorded e => new("published", e.Publication.On, $"公布于{e.Publication.Gazette}{e.Publication.Issue}".TrimEnd('于'), null),
        EffectiveDateSet e => new("effective", e.On, e.Rule switch
        {
            EffectiveRule.Date => $"自{e.On:yyyy年M月d日}起施行",
            EffectiveRule.OnSigning => "自印发之日起施行",
            EffectiveRule.OnPublication => "自公布之日起施行",
            _ => "施行日期不详",
        }, e.Basis),
        ValidityTermSet e => new("term", e.Until, e.Until is { } u ? $"有效期至{u:yyyy年M月d日}" : $"有效期至{e.Text}（待核定）", e.Basis),
        ValidityTermResolved e => new("term_resolved", e.Until, $"有效期核定为至{e.Until:yyyy年M月d日}", null),
        ValidityTermExtended e => new("term_extended", e.Until, $"有效期延长至{e.Until:yyyy年M月d日}", e.Basis),
        AmendmentOrdered e => new("amendment_ordered", e.On, $"决定修改{Note(e.Note)}", e.Basis),
        DocumentAmended e => new("amended", e.On, $"已修改{Note(e.Summary)}", e.Basis),
        DocumentReplaced e => new("replaced", e.On, $"被{e.Basis.Number}替代", e.Basis),
        DocumentRepealed e => new("repealed", e.On, $"废止{Note(e.Reason)}", e.Basis),
        DocumentDeclaredInvalid e => new("declared_invalid", e.On, $"宣布失效{Note(e.Reason)}", e.Basis),
        DocumentRetained e => new("retained", e.On, "经清理决定保留", e.Basis),
        DocumentCorrected e => new("corrected", null, $"更正{e.Field}：{e.OldValue} → {e.NewValue}{Note(e.Note)}", null),
        _ => new("other", null, @event.GetType().Name, null),
    };

    private static string Note(string? note) => string.IsNullOrWhiteSpace(note) ? "" : $"（{note}）";
}
