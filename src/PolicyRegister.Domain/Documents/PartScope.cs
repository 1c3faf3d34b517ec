using System.Text.RegularExpressions;

namespace PolicyRegister.Domain.Documents;

/// <summary>
/// What part of a document an act concerns: named articles (第五条、第八条) or annexes (附件2). A null scope is the
/// whole document; only an act on the whole ends it.
/// </summary>
public sealed partial record PartScope(IReadOnlyList<string>? Articles = null, IReadOnlyList<string>? Annexes = null)
{
    public const int MaxParts = 100;

    public bool IsEmpty => (Articles?.Count ?? 0) == 0 && (Annexes?.Count ?? 0) == 0;

    /// <summary>As a decision prints it: 第五条、第八条、附件2.</summary>
    public string Describe() => string.Join("、", (Articles ?? []).Concat(Annexes ?? []));

    /// <summary>One article as written: 第五条, 第十二条, 第5条 (a 款 or 项 after it is kept: 第五条第二款).</summary>
    public static bool IsArticle(string text) => Article().Match(text) is { Success: true } m && m.Length == text.Length;

    public static bool IsAnnex(string text) => Annex().Match(text) is { Success: true } m && m.Length == text.Length;

    /// <summary>
    /// The parts a row names after its title (《…》第五条、第八条 / 《…》附件2 / 废止第三条): null when it names none, so a
    /// row without such words is about the whole document.
    /// </summary>
    public static PartScope? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var compact = text.Replace(" ", "").Replace("　", "");
        var articles = Article().Matches(compact).Select(m => m.Value).Distinct().ToList();
        var annexes = Annex().Matches(compact).Select(m => m.Value).Distinct().ToList();
        return articles.Count == 0 && annexes.Count == 0 ? null : new PartScope(articles.Count > 0 ? articles : null, annexes.Count > 0 ? annexes : null);
    }

    /// <summary>Two scopes as one (a later act adding articles to the part already ended).</summary>
    public PartScope Union(PartScope other) => new(
        Merge(Articles, other.Articles), Merge(Annexes, other.Annexes));

    private static List<string>? Merge(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        (a ?? []).Concat(b ?? []).Distinct().ToList() is { Count: > 0 } all ? all : null;

    [GeneratedRegex(@"第[一二三四五六七八九十百零〇两\d]{1,6}条(?:第[一二三四五六七八九十\d]{1,4}款)?(?:第[一二三四五六七八九十\d]{1,4}项)?")]
    private static partial Regex Article();

    [GeneratedRegex(@"附件[一二三四五六七八九十\d]{0,3}")]
    private static partial Regex Annex();
}

/// <summary>Part of a document ended by an act (部分废止/部分失效); the document stays in force for the rest.</summary>
public sealed record PartialEnding(DateOnly On, ValidityStatus As, PartScope Scope, LegalBasis Basis, string? Verb);
