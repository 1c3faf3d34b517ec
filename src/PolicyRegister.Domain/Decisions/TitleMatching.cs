using System.Text;

namespace PolicyRegister.Domain.Decisions;

/// <summary>
/// Title similarity for items whose number is missing or unknown. Titles in annex lists are quoted
/// (《…》), abbreviated (市人民政府 for 中卫市人民政府) and use other brackets than the original,
/// so both sides are folded before comparing character bigrams (Dice coefficient).
/// </summary>
public static partial class TitleMatching
{
    public const double MatchThreshold = 0.85;
    public const double AmbiguousThreshold = 0.75;
    public const double CandidateThreshold = 0.6;

    /// <summary>
    /// Below this, a row's title and the register's title for the same number disagree and a person must confirm the
    /// row. Chosen from the shared decision lists: same-number pairs score 0.93–1.00 once the 关于印发《…》的通知 wrapper
    /// is folded; the two titles of the issue's example (完全不相干的标题) score 0.</summary>
    public const double DisagreementThreshold = 0.5;

    public static string Fold(string title)
    {
        var sb = new StringBuilder(title.Length);
        foreach (var ch in Dates.TextFolding.Nfkc(title))
        {
            if (char.IsWhiteSpace(ch) || char.IsPunctuation(ch) || char.IsSymbol(ch) || ch is '《' or '》' or '〈' or '〉' or '<' or '>') continue;
            sb.Append(ch);
        }
        return sb.ToString();
    }

    public static double Similarity(string a, string b)
    {
        var x = Bigrams(Fold(a));
        var y = Bigrams(Fold(b));
        if (x.Count == 0 || y.Count == 0) return 0;
        var common = 0;
        var pool = new Dictionary<string, int>(y.GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count()));
        foreach (var g in x)
        {
            if (pool.TryGetValue(g, out var c) && c > 0)
            {
                pool[g] = c - 1;
                common++;
            }
        }
        return Math.Round(2.0 * common / (x.Count + y.Count), 3);
    }

    /// <summary>
    /// The title inside a 关于印发／转发／发布《…》的通知 wrapper, folded; the folded title itself when there is none. A row
    /// often names only the inner title (中卫市航空运输发展专项资金管理办法) of a notice the register holds whole.
    /// </summary>
    public static string Inner(string title)
    {
        var folded = Dates.TextFolding.Nfkc(title).Trim();
        var open = folded.IndexOf('《');
        var close = folded.LastIndexOf('》');
        if (open >= 0 && close > open && Wrapper().IsMatch(folded))
        {
            var inner = folded[(open + 1)..close];
            // 试行 and 暂行 stay: a reference to the 暂行办法 is not a reference to the 办法.
            if (folded[(close + 1)..].Contains("试行") && !inner.Contains("试行")) inner += "试行";
            return Fold(inner);
        }
        // Printed without book-title marks: 关于印发中卫市…实施方案的通知.
        if (BareWrapper().Match(folded) is { Success: true } bare) return Fold(bare.Groups["inner"].Value);
        return Fold(folded);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"关于(?:印发|转发|发布|颁布|公布)(?<inner>[^《》]{4,})的(?:通知|决定|通告|公告)$")]
    private static partial System.Text.RegularExpressions.Regex BareWrapper();

    /// <summary>How alike a row's title is to a register title: the better of the whole titles and of their inner titles.</summary>
    public static (double Score, bool ByInner) Compare(string row, string register)
    {
        var whole = Similarity(row, register);
        var inner = SimilarityFolded(Inner(row), Inner(register));
        if (Fold(row).Trim() is var r && r.Length > 0 && r == Inner(register)) inner = 1;
        return inner > whole + 0.001 ? (inner, true) : (whole, false);
    }

    private static double SimilarityFolded(string a, string b) => a.Length == 0 || b.Length == 0 ? 0 : a == b ? 1 : Similarity(a, b);

    [System.Text.RegularExpressions.GeneratedRegex(@"关于(?:印发|转发|发布|颁布|公布)?《.+》(?:（试行）|\(试行\))?的?(?:通知|决定|通告|公告)")]
    private static partial System.Text.RegularExpressions.Regex Wrapper();

    /// <summary>The instruments a row names: 《A》《B》 is two titles under one number; a bare title is one.</summary>
    public static IReadOnlyList<string> Instruments(string written)
    {
        var found = new List<string>();
        var depth = 0;
        var start = -1;
        for (var i = 0; i < written.Length; i++)
        {
            if (written[i] == '《') { if (depth++ == 0) start = i + 1; }
            else if (written[i] == '》' && depth > 0 && --depth == 0) found.Add(written[start..i].Trim());
        }
        var outside = depth == 0 ? StripQuoted(written).Trim() : written;
        return found.Count == 0 || outside.Length > 0 ? [written.Trim().Trim('《', '》').Trim()] : found;
    }

    private static string StripQuoted(string s)
    {
        var sb = new StringBuilder();
        var depth = 0;
        foreach (var ch in s)
        {
            if (ch == '《') depth++;
            else if (ch == '》') depth--;
            else if (depth == 0 && !char.IsWhiteSpace(ch) && ch is not '、' and not '，' and not ',') sb.Append(ch);
        }
        return sb.ToString();
    }

    private static List<string> Bigrams(string s)
    {
        var list = new List<string>(Math.Max(0, s.Length - 1));
        for (var i = 0; i + 1 < s.Length; i++) list.Add(s.Substring(i, 2));
        if (s.Length == 1) list.Add(s);
        return list;
    }
}
