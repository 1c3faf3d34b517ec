using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Web.Documents;

// The shapes that the API, the import plan and the forms share.

/// <summary>{ "on": "2024-02-17" } | { "rule": "on_signing" } | { "rule": "on_publication" } | { "rule": "unknown" }</summary>
public sealed record EffectiveInput(DateOnly? On, EffectiveRule? Rule);

/// <summary>{ "on": "2027-10-31" } | { "text": "2027年夏秋航季结束" }</summary>
public sealed record ExpiresInput(DateOnly? On, string? Text);

/// <summary>The document that is the legal basis of a fact: its number as written, and optionally its title or register id.</summary>
public sealed record BasisInput(string? Number, string? Title, Guid? DocumentId);

public static class DocumentInputs
{
    /// <summary>A jurisdiction is an administrative division: a name, a code or a short form that names exactly one.</summary>
    public static RuleViolation? CheckJurisdiction(string? written, string field = "jurisdiction")
    {
        if (CheckText(written, field, 100) is { } text) return text;
        var resolution = Divisions.Resolve(written);
        return resolution.Division is null ? new RuleViolation(field, resolution.Message) : null;
    }

    /// <summary>The stored jurisdiction (a division code) of a checked input.</summary>
    public static string JurisdictionCode(string? written) => Divisions.Canonical(written!.Trim());

    public static RuleViolation? CheckNumber(string? number, string field, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(number))
            return required ? new RuleViolation(field, "文号为必填项 (a document number is required)") : null;
        return DocumentNumber.TryParse(number, out _, out var error) ? null : new RuleViolation(field, error);
    }

    public static RuleViolation? CheckText(string? text, string field, int max, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
            return required ? new RuleViolation(field, "此项为必填项 (required)") : null;
        if (text.Length > max) return new RuleViolation(field, $"过长，最多{max}个字符 (at most {max} characters)");
        if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            return new RuleViolation(field, "含有控制字符 (contains control characters)");
        return null;
    }

    /// <summary>A list field: at most <paramref name="maxCount"/> entries, each a text of at most <paramref name="maxLength"/>.</summary>
    public static IEnumerable<RuleViolation?> CheckList(IReadOnlyList<string>? list, string field, int maxCount, int maxLength, bool required = false)
    {
        if (list is null || list.Count == 0)
        {
            if (required) yield return new RuleViolation(field, "至少给出一项 (at least one entry is required)");
            yield break;
        }
        if (list.Count > maxCount)
        {
            yield return new RuleViolation(field, $"最多{maxCount}项 (at most {maxCount} entries)");
            yield break;
        }
        for (var i = 0; i < list.Count; i++) yield return CheckText(list[i], $"{field}[{i}]", maxLength);
    }

    /// <summary>A scope names articles as written (第五条, 第五条第二款) and annexes (附件2); an empty scope is the whole document.</summary>
    public static IEnumerable<RuleViolation?> CheckScope(PartScope? scope, string field = "scope")
    {
        if (scope is null) yield break;
        foreach (var v in CheckList(scope.Articles, $"{field}.articles", PartScope.MaxParts, 40)) yield return v;
        foreach (var v in CheckList(scope.Annexes, $"{field}.annexes", PartScope.MaxParts, 40)) yield return v;
        for (var i = 0; i < (scope.Articles?.Count ?? 0); i++)
            if (scope.Articles![i] is { Length: > 0 and <= 40 } a && !PartScope.IsArticle(a.Trim()))
                yield return new RuleViolation($"{field}.articles[{i}]", $"“{a}”不是条文编号，应写作“第五条”或“第五条第二款” (not an article such as 第五条)");
        for (var i = 0; i < (scope.Annexes?.Count ?? 0); i++)
            if (scope.Annexes![i] is { Length: > 0 and <= 40 } x && !PartScope.IsAnnex(x.Trim()))
                yield return new RuleViolation($"{field}.annexes[{i}]", $"“{x}”不是附件编号，应写作“附件2” (not an annex such as 附件2)");
    }

    /// <summary>The scope as stored: trimmed, null when it names nothing (the whole document).</summary>
    public static PartScope? Scope(PartScope? scope)
    {
        if (scope is null) return null;
        List<string>? Clean(IReadOnlyList<string>? parts) =>
            parts?.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct().ToList() is { Count: > 0 } kept ? kept : null;
        var clean = new PartScope(Clean(scope.Articles), Clean(scope.Annexes));
        return clean.IsEmpty ? null : clean;
    }

    public static IEnumerable<RuleViolation?> CheckPublication(Publication? publication, string field = "publication")
    {
        if (publication is null) yield break;
        yield return CheckDate(publication.On, $"{field}.on", required: false);
        yield return CheckText(publication.Gazette, $"{field}.gazette", 200, required: false);
        yield return CheckText(publication.Issue, $"{field}.issue", 100, required: false);
        if (publication.Page is < 0 or > 100_000) yield return new RuleViolation($"{field}.page", "页码超出范围 (page out of range)");
    }

    public static RuleViolation? CheckDate(DateOnly? date, string field, bool required = true)
    {
        if (date is null) return required ? new RuleViolation(field, "日期为必填项，格式 YYYY-MM-DD (a date YYYY-MM-DD is required)") : null;
        if (date.Value.Year is < 1949 or > 2200) return new RuleViolation(field, $"日期{date:yyyy-MM-dd}超出范围 (the date must fall between 1949 and 2200)");
        return null;
    }

    public static IEnumerable<RuleViolation?> CheckEffective(EffectiveInput? effective, string field = "effective")
    {
        if (effective is null) yield break;
        if (effective.On is not null && effective.Rule is not null and not EffectiveRule.Date)
            yield return new RuleViolation(field, "请只给出日期或规则之一 (give either a date or a rule, not both)");
        if (effective.On is null && effective.Rule is null or EffectiveRule.Date)
            yield return new RuleViolation(field, "请给出施行日期 on 或规则 rule (give a date 'on' or a 'rule')");
        yield return CheckDate(effective.On, $"{field}.on", required: false);
    }

    public static IEnumerable<RuleViolation?> CheckExpires(ExpiresInput? expires, string field = "expires")
    {
        if (expires is null) yield break;
        if (expires.On is null == string.IsNullOrWhiteSpace(expires.Text))
            yield return new RuleViolation(field, "请给出截止日期 on 或待核定的文字 text 之一 (give either a date 'on' or a 'text' to resolve later)");
        yield return CheckDate(expires.On, $"{field}.on", required: false);
        yield return CheckText(expires.Text, $"{field}.text", 200, required: false);
    }

    public static IEnumerable<RuleViolation?> CheckBasis(BasisInput? basis, string field = "basis", bool required = true)
    {
        if (basis is null)
        {
            if (required) yield return new RuleViolation(field, "请给出依据文件的文号 (name the deciding document: basis.number)");
            yield break;
        }
        if (string.IsNullOrWhiteSpace(basis.Number) && basis.DocumentId is null && required)
            yield return new RuleViolation($"{field}.number", "请给出依据文件的文号 (the deciding document's number is required)");
        yield return CheckNumber(basis.Number, $"{field}.number", required: false);
        yield return CheckText(basis.Title, $"{field}.title", 500, required: false);
    }

    public static LegalBasis? ToBasis(this BasisInput? basis) => basis is null
        ? null
        : new LegalBasis(
            basis.Number is { } n && DocumentNumber.TryParse(n, out var parsed) ? parsed.Canonical : basis.Number,
            basis.Title?.Trim(), basis.DocumentId);

    public static EffectiveDateSet ToEvent(this EffectiveInput effective, LegalBasis? basis, string? evidence) =>
        new(effective.On is not null ? EffectiveRule.Date : effective.Rule ?? EffectiveRule.Unknown, effective.On, basis, evidence);

    public static ValidityTermSet ToEvent(this ExpiresInput expires, LegalBasis? basis, string? evidence) =>
        new(expires.On, string.IsNullOrWhiteSpace(expires.Text) ? null : expires.Text.Trim(), basis, evidence);
}
