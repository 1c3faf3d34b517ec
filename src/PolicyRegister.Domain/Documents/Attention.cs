namespace PolicyRegister.Domain.Documents;

public enum AttentionReason
{
    TermEnding, TermUnresolved, TrialPastLimit, DefaultValidityPassed, AmendmentPending, KnownOnlyFromDecisions, NotChecked, ClaimDisagrees,
}

/// <summary>Why a document needs a person, and the date it became (or becomes) due.</summary>
public sealed record AttentionItem(AttentionReason Reason, DateOnly DueOn, string Detail);

/// <summary>
/// The limits a jurisdiction sets: default validity of a document without a term, of a trial (试行) or interim (暂行)
/// one, how long an ordered amendment may wait, and how long a status may go unchecked.
/// </summary>
public sealed record AttentionLimits(int DefaultValidityYears = 5, int TrialValidityYears = 2, int PendingAmendmentDays = 180, int NotCheckedDays = 365);

/// <summary>What in one document needs a person on a legal date. Pure: the caller gives the latest check it knows.</summary>
public static class Attention
{
    public static IReadOnlyList<AttentionItem> Of(Document doc, DateOnly on, int withinDays, AttentionLimits limits, DateOnly? checkedUpTo)
    {
        var found = new List<AttentionItem>();
        var answer = Validity.On(doc, on);
        var inForce = answer.Status == ValidityStatus.InForce;

        if (doc.KnownOnlyFromDecisions)
            found.Add(new(AttentionReason.KnownOnlyFromDecisions, doc.FirstEvidence()?.On ?? doc.EndedOn ?? on,
                "仅见于清理决定所附目录，登记簿中没有其签发、公布和施行信息 (known only from a decision's list)"));

        if (inForce && doc.ExpiresOn is { } expires && expires >= on && expires <= on.AddDays(withinDays))
            found.Add(new(AttentionReason.TermEnding, expires, $"有效期至{expires:yyyy年M月d日}，{expires.DayNumber - on.DayNumber}日后届满 (its term ends within {withinDays} days)"));

        if (TermText.Caveat(answer, on) is { Unresolved: true, Earliest: { } earliest, Text: { } caveat })
            found.Add(new(AttentionReason.TermUnresolved, earliest.AddDays(1), caveat));

        var trial = doc.Trial || doc.Title.Contains("试行") || doc.Title.Contains("暂行");
        var termless = doc.ExpiresOn is null && doc.ExpiryText is null;
        if (inForce && termless && doc.InForceFrom is { } from)
        {
            var years = trial ? limits.TrialValidityYears : limits.DefaultValidityYears;
            var due = from.AddYears(years);
            if (due <= on)
                found.Add(new(trial ? AttentionReason.TrialPastLimit : AttentionReason.DefaultValidityPassed, due,
                    trial
                        ? $"试行或暂行文件自{from:yyyy年M月d日}施行已满{years}年，未定有效期 (trial or interim, in force {years}+ years without a term)"
                        : $"自{from:yyyy年M月d日}施行已满{years}年，未定有效期 (in force {years}+ years without a term)"));
        }

        if (answer.PendingAmendment && doc.AmendmentOrders.Where(o => o.On <= on).MaxBy(o => o.On) is { } order)
        {
            var due = order.On.AddDays(limits.PendingAmendmentDays);
            if (due <= on)
                found.Add(new(AttentionReason.AmendmentPending, due,
                    $"{order.Basis?.Number}于{order.On:yyyy年M月d日}决定修改，{limits.PendingAmendmentDays}日后仍未登记修改后的文本 (amendment ordered, not recorded after {limits.PendingAmendmentDays} days)"));
        }

        // Only a status that can still change needs checking: in force, not yet effective, or unknown.
        if (answer.Status is ValidityStatus.InForce or ValidityStatus.NotYetEffective or ValidityStatus.Unknown)
        {
            var due = (checkedUpTo ?? doc.InForceFrom ?? doc.SignedOn ?? on).AddDays(limits.NotCheckedDays);
            if (due <= on)
                found.Add(new(AttentionReason.NotChecked, due, checkedUpTo is { } c
                    ? $"状态最近核对至{c:yyyy年M月d日}，已逾{limits.NotCheckedDays}日 (not checked for {limits.NotCheckedDays}+ days)"
                    : $"状态从未核对 (never checked)"));
        }

        foreach (var claim in ClaimCheck.Open(doc).Where(c => ClaimCheck.Disagrees(doc, c)))
        {
            var says = ClaimCheck.RegisterSays(doc, claim.ClaimedOn);
            found.Add(new(AttentionReason.ClaimDisagrees, claim.ClaimedOn,
                $"{claim.Source}标注为“{Timeline.Claimed(claim.Status)}”（{claim.ClaimedOn:yyyy-MM-dd}），登记簿为“{(says is { } s ? Timeline.Claimed(s) : "状态不明")}” (another source disagrees)"));
        }
        return found;
    }
}
