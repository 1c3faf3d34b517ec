namespace PolicyRegister.Domain.Documents;

public sealed record ExpiryAnswer(DateOnly? On, string? Text, bool Resolved);

public sealed record StatusAnswer(
    ValidityStatus Status,
    DateOnly? Since,
    LegalBasis? Basis,
    bool PendingAmendment,
    ExpiryAnswer? Expiry,
    DateOnly? EffectiveOn,
    EffectiveRule? EffectiveRule)
{
    /// <summary>Parts ended by that date while the rest stays in force (only while the whole is in force).</summary>
    public IReadOnlyList<PartialEnding> PartsEnded { get; init; } = [];

    public bool PartiallyEnded => PartsEnded.Count > 0;

    /// <summary>The verb the ending act wrote, when the whole document has ended and the verb was kept.</summary>
    public string? Verb { get; init; }
}

/// <summary>
/// Status of a document on a legal date. Boundary convention (same-day rules):
/// in force from the effective date inclusive; in force through the last day of its term
/// (有效期至 D: expired from D+1); repealed or declared invalid from the decision's effective
/// date inclusive (not in force on that day).
/// </summary>
public static class Validity
{
    public static StatusAnswer On(Document doc, DateOnly on)
    {
        var expiry = doc.ExpiresOn is not null || doc.ExpiryText is not null
            ? new ExpiryAnswer(doc.ExpiresOn, doc.ExpiryText, doc.ExpiresOn is not null)
            : null;
        var pending = PendingAmendment(doc, on);

        StatusAnswer Answer(ValidityStatus status, DateOnly? since, LegalBasis? basis) =>
            new(status, since, basis, pending && status == ValidityStatus.InForce, expiry, doc.EffectiveOn, doc.EffectiveRule)
            {
                PartsEnded = status == ValidityStatus.InForce ? PartsEndedBy(doc, on) : [],
                Verb = status is ValidityStatus.Repealed or ValidityStatus.DeclaredInvalid ? doc.EndVerb : null,
            };

        if (doc.InForceUntil is { } until && on >= until)
        {
            return doc.UntilStatus == ValidityStatus.Expired
                ? Answer(ValidityStatus.Expired, until, doc.ExpiryBasis)
                : Answer(doc.UntilStatus ?? ValidityStatus.Unknown, until, doc.EndBasis);
        }
        if (doc.InForceFrom is { } from && on >= from)
        {
            var basis = doc.EffectiveOn is not null
                ? doc.EffectiveBasis
                : doc.FirstEvidence()?.Basis;
            return Answer(ValidityStatus.InForce, from, basis);
        }
        if (doc.EffectiveOn is { } effective && on < effective)
            return Answer(ValidityStatus.NotYetEffective, null, doc.EffectiveBasis);
        if (doc.SignedOn is { } signed && on < signed)
            return Answer(ValidityStatus.NotYetEffective, null, null);
        return Answer(ValidityStatus.Unknown, null, null);
    }

    /// <summary>An amendment was ordered on or before the date and no amended text was recorded after it, by that date.</summary>
    public static bool PendingAmendment(Document doc, DateOnly on)
    {
        var lastOrder = doc.AmendmentOrders.Where(o => o.On <= on).Select(o => (DateOnly?)o.On).Max();
        return lastOrder is { } ordered && !doc.Amendments.Any(a => a.On >= ordered && a.On <= on);
    }

    /// <summary>The partial endings in effect on the date, oldest first.</summary>
    public static IReadOnlyList<PartialEnding> PartsEndedBy(Document doc, DateOnly on) =>
        doc.PartialEndings.Count == 0 ? [] : [.. doc.PartialEndings.Where(p => p.On <= on).OrderBy(p => p.On)];

    /// <summary>The parts ended by the date, as one scope (第五条、第八条).</summary>
    public static PartScope? EndedScope(IReadOnlyList<PartialEnding> parts) =>
        parts.Count == 0 ? null : parts.Skip(1).Aggregate(parts[0].Scope, (all, p) => all.Union(p.Scope));

    public static bool IsEnded(Document doc) => doc.EndedOn is not null;
}
