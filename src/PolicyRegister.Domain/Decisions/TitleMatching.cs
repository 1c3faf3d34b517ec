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

    public static double Similarity(string a, string b) => Dice(TitleKey.Grams(Fold(a)), TitleKey.Grams(Fold(b)));

    /// <summary>The Dice coefficient of two bigram multisets, rounded to three places.</summary>
    internal static double Dice(Bigrams x, Bigrams y)
    {
        if (x.Total == 0 || y.Total == 0) return 0;
        var (small, large) = x.Counts.Count <= y.Counts.Count ? (x, y) : (y, x);
        var common = 0;
        foreach (var (gram, count) in small.Counts)
            if (large.Counts.TryGetValue(gram, out var other)) common += Math.Min(count, other);
        return Math.Round(2.0 * common / (x.Total + y.Total), 3);
    }

    /// <summary>
    /// The title inside a 关于印发／转发／发布《…》的通知 wrapper, or else what follows 关于 in an issuer's own title,
    /// folded; the folded title itself when there is neither. A row often names only the inner title
    /// (中卫市航空运输发展专项资金管理办法) of a notice the register holds whole, or leaves out or shortens the issuer
    /// (市人民政府关于… for 中卫市人民政府关于…).
    /// </summary>
    public static string Inner(string title)
    {
        var folded = Dates.TextFolding.Nfkc(title).Trim();
        // An annex may quote the whole title (《中卫市人民政府关于…的意见》): the rules below read the title it quotes.
        if (folded.Length > 2 && folded[0] == '《' && folded[^1] == '》') folded = folded[1..^1].Trim();
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
        // An issuer's own title (中卫市人民政府关于加强…工作的意见) is about what follows 关于: all its titles share the rest.
        if (About().Match(folded) is { Success: true } about) return Fold(about.Groups["subject"].Value);
        return Fold(folded);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[^《》]{0,40}?关于(?<subject>[^《》]{4,})$")]
    private static partial System.Text.RegularExpressions.Regex About();

    [System.Text.RegularExpressions.GeneratedRegex(@"关于(?:印发|转发|发布|颁布|公布)(?<inner>[^《》]{4,})的(?:通知|决定|通告|公告)$")]
    private static partial System.Text.RegularExpressions.Regex BareWrapper();

    /// <summary>How alike a row's title is to a register title: the better of the whole titles and of their inner titles.</summary>
    public static (double Score, bool ByInner) Compare(string row, string register) => Compare(TitleKey.Of(row), TitleKey.Of(register));

    /// <summary>The same over keys computed once per title: a decision's rows are compared with every candidate.</summary>
    /// <remarks>
    /// Two wrapped titles are compared by what they wrap alone: the wrapper an issuer's notices share makes any two of
    /// them alike whole (中卫市人民政府关于印发《中卫市城市供水管理办法》的通知 and the same with 排水: 0.917 whole,
    /// 0.8 inside; 中卫市人民政府关于加强城市供水工作的意见 and the same with 排水: 0.895 whole), enough to match a row
    /// to another document.
    /// </remarks>
    public static (double Score, bool ByInner) Compare(TitleKey row, TitleKey register)
    {
        var inner = row.Inner.Length == 0 || register.Inner.Length == 0 ? 0 : row.Inner == register.Inner ? 1 : Dice(row.InnerGrams, register.InnerGrams);
        if (row.Folded.Length > 0 && row.Folded == register.Inner) inner = 1;
        if (row.Wrapped && register.Wrapped) return (inner, !WholeEqual(row, register));
        var whole = Dice(row.WholeGrams, register.WholeGrams);
        return inner > whole + 0.001 ? (inner, true) : (whole, false);
    }

    /// <summary>The same title whole: a score that came from it is not reported as the inner title's.</summary>
    internal static bool WholeEqual(TitleKey row, TitleKey register) => row.Folded.Length > 0 && row.Folded == register.Folded;

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

}

/// <summary>A multiset of character bigrams (two UTF-16 units packed in one int) and its size.</summary>
public sealed record Bigrams(Dictionary<int, int> Counts, int Total);

/// <summary>A title folded, its inner title, and both as bigram multisets: computed once per title, compared many times.</summary>
public sealed class TitleKey
{
    public string Folded { get; }
    public string Inner { get; }
    internal Bigrams WholeGrams { get; }
    internal Bigrams InnerGrams { get; }
    /// <summary>The title wraps another (关于印发《…》的通知) or is an issuer's own (…关于…): its inner title differs from the whole.</summary>
    public bool Wrapped => Inner != Folded;

    private TitleKey(string title)
    {
        Folded = TitleMatching.Fold(title);
        Inner = TitleMatching.Inner(title);
        WholeGrams = Grams(Folded);
        InnerGrams = Inner == Folded ? WholeGrams : Grams(Inner);
    }

    public static TitleKey Of(string title) => new(title);

    /// <summary>
    /// The bigrams of every known title, whole and inner, that a register document is indexed by for matching: every
    /// gram <see cref="TitleMatching.Compare(TitleKey, TitleKey)"/> can count, distinct and sorted.
    /// </summary>
    public static int[] IndexKeys(IEnumerable<string> titles) =>
        [.. titles.Where(t => t.Length > 0).Select(Of).SelectMany(k => k.WholeGrams.Counts.Keys.Concat(k.InnerGrams.Counts.Keys)).Distinct().Order()];

    /// <summary>
    /// The grams to look a row up by, so that every register title scoring at least <paramref name="threshold"/> with it
    /// holds one of them; null when none will do and every title must be scored. Common grams (<paramref name="common"/>)
    /// are left out when they cannot make the score alone. A title of m grams sharing c of a side's n grams scores
    /// 2c/(n+m) (Dice); c ≤ m, so a score of t needs c ≥ t·n/(2−t): if the side's common grams number fewer, a rare
    /// one is shared too. Equal inner titles (a score of 1) share every gram, rare ones with them.
    /// </summary>
    public int[]? Probe(double threshold, Func<int, bool> common)
    {
        var t = threshold - 0.001; // scores are rounded to three places
        var probe = new HashSet<int>();
        foreach (var side in new[] { WholeGrams, InnerGrams }.Distinct())
        {
            if (side.Total == 0) return null;
            var commonCount = side.Counts.Where(g => common(g.Key)).Sum(g => g.Value);
            if (commonCount >= t * side.Total / (2 - t)) return null;
            probe.UnionWith(side.Counts.Keys.Where(g => !common(g)));
        }
        return [.. probe.Order()];
    }

    internal static Bigrams Grams(string s)
    {
        var counts = new Dictionary<int, int>();
        if (s.Length == 1) counts[s[0]] = 1;
        for (var i = 0; i + 1 < s.Length; i++)
        {
            var gram = (s[i] << 16) | s[i + 1];
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }
        return new Bigrams(counts, s.Length == 1 ? 1 : Math.Max(0, s.Length - 1));
    }
}

/// <summary>
/// Every candidate's titles (whole and inner) indexed by bigram, built once per decision: a row's likeness to every
/// candidate then costs the postings of its own bigrams, not a comparison with each candidate in turn.
/// </summary>
public sealed class TitleIndex
{
    private readonly IReadOnlyList<Candidate> _candidates;
    private readonly List<(int Candidate, TitleKey Key)> _keys = [];
    private readonly Dictionary<int, List<(int Key, int Count)>> _whole = [];
    // The whole grams of the titles that wrap nothing: a wrapped row is compared whole only with these.
    private readonly Dictionary<int, List<(int Key, int Count)>> _wholePlain = [];
    private readonly Dictionary<int, List<(int Key, int Count)>> _inner = [];
    private readonly Dictionary<string, List<int>> _innerText = [];

    public TitleIndex(IReadOnlyList<Candidate> candidates)
    {
        _candidates = candidates;
        for (var c = 0; c < candidates.Count; c++)
        {
            foreach (var key in candidates[c].TitleKeys)
            {
                var k = _keys.Count;
                _keys.Add((c, key));
                Post(_whole, key.WholeGrams, k);
                if (!key.Wrapped) Post(_wholePlain, key.WholeGrams, k);
                Post(_inner, key.InnerGrams, k);
                if (key.Inner.Length > 0) (_innerText.TryGetValue(key.Inner, out var list) ? list : _innerText[key.Inner] = []).Add(k);
            }
        }
    }

    private static void Post(Dictionary<int, List<(int, int)>> index, Bigrams grams, int key)
    {
        foreach (var (gram, count) in grams.Counts)
            (index.TryGetValue(gram, out var list) ? list : index[gram] = []).Add((key, count));
    }

    /// <summary>
    /// The best likeness of each candidate that may score <paramref name="threshold"/> or more with the row, as
    /// <see cref="TitleMatching.Compare(TitleKey, TitleKey)"/> scores it (others may be left out).
    /// </summary>
    public IEnumerable<(Candidate Candidate, double Score, bool ByInner)> Scores(TitleKey row, double threshold)
    {
        var whole = Common(row.Wrapped ? _wholePlain : _whole, row.WholeGrams, threshold, k => _keys[k].Key.WholeGrams);
        var inner = Common(_inner, row.InnerGrams, threshold, k => _keys[k].Key.InnerGrams);
        var best = new Dictionary<int, (double Score, bool ByInner)>();
        foreach (var (k, common) in whole)
        {
            var key = _keys[k].Key;
            Keep(best, _keys[k].Candidate, Dice(common, row.WholeGrams, key.WholeGrams), false);
        }
        foreach (var (k, common) in inner)
        {
            var key = _keys[k].Key;
            var score = row.Inner.Length == 0 || key.Inner.Length == 0 ? 0 : row.Inner == key.Inner ? 1 : Dice(common, row.InnerGrams, key.InnerGrams);
            Keep(best, _keys[k].Candidate, score, !(row.Wrapped && key.Wrapped && TitleMatching.WholeEqual(row, key)));
        }
        // A row naming only the inner title (中卫市…管理办法) of a notice the register holds whole.
        if (row.Folded.Length > 0 && _innerText.TryGetValue(row.Folded, out var exact))
            foreach (var k in exact) Keep(best, _keys[k].Candidate, 1, true);
        return best.Select(b => (_candidates[b.Key], b.Value.Score, b.Value.ByInner));
    }

    private static void Keep(Dictionary<int, (double Score, bool ByInner)> best, int candidate, double score, bool byInner)
    {
        // As Compare: the whole titles' score stands unless the inner one is above it.
        if (!best.TryGetValue(candidate, out var current) || score > current.Score + (byInner && !current.ByInner ? 0.001 : 0)
            || (!byInner && current.ByInner && current.Score <= score + 0.001))
            best[candidate] = (score, byInner);
    }

    /// <summary>
    /// The grams each title shares with the row (multiset), for every title that may score <paramref name="threshold"/>.
    /// The longest posting lists (人民, 政府, 关于…) are not walked while the grams they hold could not make the score
    /// alone — a title of m grams sharing c of the row's n scores 2c/(n+m) ≤ 2c/(n+c), so it needs c ≥ t·n/(2−t) —
    /// and the titles found by the others get those grams' counts from their own bigrams, unless even all of them
    /// could not lift the title to the threshold. Exact for every title that may score the threshold.
    /// </summary>
    private List<(int Key, int Common)> Common(Dictionary<int, List<(int Key, int Count)>> index, Bigrams row, double threshold, Func<int, Bigrams> gramsOf)
    {
        var t = threshold - 0.001; // scores are rounded to three places
        var bound = t * row.Total / (2 - t);
        var grams = row.Counts.Where(g => index.ContainsKey(g.Key)).OrderByDescending(g => index[g.Key].Count).ToList();
        var skipped = new List<(int Gram, int Count)>();
        var skippedCount = 0;
        foreach (var (gram, count) in grams)
        {
            if (skippedCount + count >= bound) break;
            skipped.Add((gram, count));
            skippedCount += count;
        }
        // Counted in an array over every title, not a dictionary: a wrapper title's grams walk thousands of postings.
        var counts = new int[_keys.Count];
        var found = new List<int>();
        foreach (var (gram, count) in grams.Skip(skipped.Count))
            foreach (var (key, c) in index[gram])
            {
                if (counts[key] == 0) found.Add(key);
                counts[key] += Math.Min(count, c);
            }
        var common = new List<(int Key, int Common)>(found.Count);
        foreach (var key in found)
        {
            var shared = counts[key];
            var theirs = gramsOf(key);
            // A title that could not reach the threshold even with every skipped gram is left out unscored.
            if (2.0 * (shared + skippedCount) / (row.Total + theirs.Total) < t) continue;
            foreach (var (gram, count) in skipped)
                if (theirs.Counts.TryGetValue(gram, out var c)) shared += Math.Min(count, c);
            common.Add((key, shared));
        }
        return common;
    }

    private static double Dice(int common, Bigrams a, Bigrams b) =>
        a.Total + b.Total == 0 ? 0 : Math.Round(2.0 * common / (a.Total + b.Total), 3);
}
