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
        AmendmentOrdered e => new("amendment_ordered", e.On, $"决定{e.Verb ?? "修改"}{Part(e.Scope)}{Note(e.Note)}", e.Basis),
        DocumentAmended e => new("amended", e.On, $"已修改{Part(e.Scope)}{Note(e.Summary)}", e.Basis),
        DocumentReplaced e => new("replaced", e.On, $"被{e.Basis.Number}{e.Verb ?? "替代"}", e.Basis),
        DocumentRepealed e => Ending(e.Scope is { IsEmpty: false } ? "partially_repealed" : "repealed", e.On, "废止", e.Verb, e.Scope, e.Reason, e.Basis),
        DocumentDeclaredInvalid e => Ending(e.Scope is { IsEmpty: false } ? "partially_declared_invalid" : "declared_invalid", e.On, "宣布失效", e.Verb, e.Scope, e.Reason, e.Basis),
        DocumentRetained e => new("retained", e.On, $"经清理决定{e.Verb ?? "保留"}{Note(e.Reason)}", e.Basis),
        ListedForReference e => new("listed_for_reference", e.On,
            $"列于{e.Basis.Number}所附目录供参考{Note(e.Verb is null && e.EndedBy is null ? null : $"{(e.EndedBy is null ? "" : "已由" + e.EndedBy)}{e.Verb}")}，本决定不另作处理", e.Basis),
        StatusChecked e => new("status_checked", e.CheckedUpTo, $"已核对至{e.CheckedUpTo:yyyy年M月d日}（依据{Against(e.Against)}{Note(e.Reference)}）", null),
        StatusClaimed e => new("status_claimed", e.ClaimedOn, $"{e.Source}标注为“{Claimed(e.Status)}”（{e.ClaimedOn:yyyy年M月d日}，仅记录，未改变状态）", null),
        TermLapsed e => new("term_lapsed", e.On, $"有效期届满，自{e.On:yyyy年M月d日}起失效", null),
        TextRecorded e => new("text_recorded", e.EffectiveOn, $"登记全文{(e.EffectiveOn is { } from ? $"（自{from:yyyy年M月d日}起适用的版本）" : "")}{(e.Source?.Gazette is { } g ? $"，据{g}{e.Source.Issue}" : "")}", null),
        StatusClaimSettled e => new("claim_settled", null, $"已处理外部标注：{e.Note}", null),
        DocumentCorrected e => new("corrected", null, $"更正{e.Field}：{e.OldValue} → {e.NewValue}{Note(e.Note)}", null),
        _ => new("other", null, @event.GetType().Name, null),
    };

    private static FactDescription Ending(string kind, DateOnly on, string normalised, string? verb, PartScope? scope, string? reason, LegalBasis basis)
    {
        // The verb as the act printed it leads; the normalised fact follows when the two differ (停止执行（废止）).
        var written = verb is { Length: > 0 } v && v != normalised ? $"{v}（{normalised}）" : normalised;
        var part = scope is { IsEmpty: false } ? $"{scope.Describe()}{written}，其余部分继续有效" : written;
        return new(kind, on, part + Note(reason), basis);
    }

    private static string Part(PartScope? scope) => scope is { IsEmpty: false } ? scope.Describe() : "";

    public static string Against(CheckSource source) => source switch
    {
        CheckSource.Gazette => "政府公报",
        CheckSource.Portal => "发文机关门户网站",
        CheckSource.Cleanup => "清理结果",
        _ => "其他来源",
    };

    public static string Claimed(ClaimedStatus status) => status switch
    {
        ClaimedStatus.InForce => "有效",
        ClaimedStatus.NotInForce => "失效",
        _ => "部分有效",
    };

    private static string Note(string? note) => string.IsNullOrWhiteSpace(note) ? "" : $"（{note}）";
}
