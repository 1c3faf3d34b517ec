namespace PolicyRegister.Domain.Documents;

/// <summary>A broken rule: which input it concerns and why, in Chinese first for the clerk and English for the log.</summary>
public sealed record RuleViolation(string Field, string Message);

/// <summary>The invariants of a document's lifecycle. Each returns null when the fact may be recorded.</summary>
public static class DocumentRules
{
    /// <summary>No act can concern a document before it was signed (a decision dated before a listed document's signing).</summary>
    public static RuleViolation? NotBeforeSigning(Document doc, DateOnly on, string field = "on") =>
        doc.SignedOn is { } signed && on < signed
            ? new(field, $"日期{on:yyyy-MM-dd}早于该文件的签发日期{signed:yyyy-MM-dd} (the date {on:yyyy-MM-dd} is before the document was signed on {signed:yyyy-MM-dd})")
            : null;

    public static RuleViolation? CanEnd(Document doc, DateOnly on, string field = "on")
    {
        if (NotBeforeSigning(doc, on, field) is { } early) return early;
        if (doc.EndedOn is { } ended)
        {
            var how = doc.EndedAs == ValidityStatus.DeclaredInvalid ? "宣布失效" : "废止";
            return new(field, $"该文件已于{ended:yyyy-MM-dd}被{doc.EndBasis?.Number ?? ""}{how} (already {(doc.EndedAs == ValidityStatus.DeclaredInvalid ? "declared invalid" : "repealed")} on {ended:yyyy-MM-dd}{By(doc.EndBasis)})");
        }
        if (doc.EffectiveOn is { } effective && on < effective)
            return new(field, $"废止或失效日期{on:yyyy-MM-dd}早于施行日期{effective:yyyy-MM-dd} (the end date {on:yyyy-MM-dd} is before the document took effect on {effective:yyyy-MM-dd})");
        return null;
    }

    public static RuleViolation? CanSetTerm(Document doc, DateOnly? until, string field = "until")
    {
        if (doc.EndedOn is not null) return Ended(doc, field);
        if (until is { } u && doc.EffectiveOn is { } effective && u < effective)
            return new(field, $"有效期截止日{u:yyyy-MM-dd}早于施行日期{effective:yyyy-MM-dd} (the term ends on {u:yyyy-MM-dd}, before the document took effect on {effective:yyyy-MM-dd})");
        return null;
    }

    public static RuleViolation? CanExtendTerm(Document doc, DateOnly until, string field = "until")
    {
        if (CanSetTerm(doc, until, field) is { } v) return v;
        if (doc.ExpiresOn is { } current && until <= current)
            return new(field, $"延长后的截止日应晚于{current:yyyy-MM-dd} (an extension must end after the current term, {current:yyyy-MM-dd})");
        return null;
    }

    public static RuleViolation? CanSetEffective(Document doc, DateOnly? on, bool confirmedBeforeSigning, string field = "on")
    {
        if (on is { } starts && doc.EndedOn is { } ended && starts >= ended)
            return new(field, $"施行日期{starts:yyyy-MM-dd}不早于废止或失效日期{ended:yyyy-MM-dd} (the effective date is not before the document ceased to be in force on {ended:yyyy-MM-dd})");
        if (on is { } d && doc.SignedOn is { } signed && d < signed && !confirmedBeforeSigning)
            return new(field, $"施行日期{d:yyyy-MM-dd}早于签发日期{signed:yyyy-MM-dd}；如确属追溯施行，请设置 confirmBeforeSigning (the effective date is before signing on {signed:yyyy-MM-dd}; set confirmBeforeSigning if that is intended)");
        if (on is { } e && doc.ExpiresOn is { } x && x < e)
            return new(field, $"施行日期晚于有效期截止日{x:yyyy-MM-dd} (the effective date is after the term ends on {x:yyyy-MM-dd})");
        return null;
    }

    /// <summary>A document cannot have been signed after it ceased to be in force.</summary>
    public static RuleViolation? CanSign(Document doc, DateOnly? signedOn, string field = "signedOn")
    {
        if (signedOn is { } signed && doc.EndedOn is { } ended && signed >= ended)
            return new(field, $"签发日期{signed:yyyy-MM-dd}不早于该文件被{doc.EndBasis?.Number ?? ""}废止或宣布失效的日期{ended:yyyy-MM-dd} (signed on or after the day it ceased to be in force, {ended:yyyy-MM-dd})");
        return null;
    }

    public static RuleViolation? CanAmend(Document doc, DateOnly on, string field = "on")
    {
        if (NotBeforeSigning(doc, on, field) is { } early) return early;
        if (doc.EndedOn is { } ended && on >= ended) return Ended(doc, field);
        return null;
    }

    public static RuleViolation? CanRetain(Document doc, DateOnly on, string field = "on")
    {
        if (NotBeforeSigning(doc, on, field) is { } early) return early;
        if (doc.EndedOn is { } ended && on >= ended)
            return new(field, $"该文件已于{ended:yyyy-MM-dd}被{doc.EndBasis?.Number ?? ""}废止或宣布失效，不能保留 (cannot retain: it ceased to be in force on {ended:yyyy-MM-dd}{By(doc.EndBasis)})");
        return null;
    }

    public static RuleViolation? CanResolveTerm(Document doc, DateOnly until, string field = "until")
    {
        if (doc.ExpiryText is null)
            return new(field, "该文件没有待核定的有效期文字，请使用设定或延长有效期 (the document has no term text to resolve; set or extend its term instead)");
        return CanSetTerm(doc, until, field);
    }

    /// <summary>The date a rule resolves to for this document, as the fold would resolve it.</summary>
    public static DateOnly? Resolve(Document doc, EffectiveRule rule, DateOnly? on) => rule switch
    {
        EffectiveRule.OnSigning => doc.SignedOn,
        EffectiveRule.OnPublication => doc.Publication?.On,
        EffectiveRule.Date => on,
        _ => null,
    };

    private static RuleViolation Ended(Document doc, string field) =>
        new(field, $"该文件已于{doc.EndedOn:yyyy-MM-dd}失效或被废止 (the document ceased to be in force on {doc.EndedOn:yyyy-MM-dd}{By(doc.EndBasis)})");

    private static string By(LegalBasis? basis) => basis?.Number is { } n ? $" by {n}" : "";
}
