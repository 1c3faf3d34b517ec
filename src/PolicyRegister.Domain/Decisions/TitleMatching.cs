using System.Text;

namespace PolicyRegister.Domain.Decisions;

/// <summary>
/// Title similarity for items whose number is missing or unknown. Titles in annex lists are quoted
/// (《…》), abbreviated (市人民政府 for 中卫市人民政府) and use other brackets than the original,
/// so both sides are folded before comparing character bigrams (Dice coefficient).
/// </summary>
public static class TitleMatching
{
    public const double MatchThreshold = 0.85;
    public const double AmbiguousThreshold = 0.75;
    public const double CandidateThreshold = 0.6;

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
