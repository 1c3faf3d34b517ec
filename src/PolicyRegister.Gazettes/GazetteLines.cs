using System.Text;
using System.Text.RegularExpressions;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Gazettes;

/// <summary>One non-empty line of the gazette: its 1-based number in the file, the raw text, and a folded form.</summary>
public sealed record GazetteLine(int Number, string Raw, string Text)
{
    /// <summary>No white space at all: headings broken by the converter ("关于印发 职业技能") compare whole.</summary>
    public string Compact { get; } = GazetteLines.Compact(Text);
}

public static partial class GazetteLines
{
    public static IReadOnlyList<GazetteLine> Split(string text)
    {
        var lines = new List<GazetteLine>();
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'))
        {
            number++;
            var t = Clean(raw);
            if (t.Length > 0) lines.Add(new GazetteLine(number, raw, t));
        }
        return lines;
    }

    /// <summary>
    /// Text extracted from a PDF carries each page's running header (the gazette's name and issue, repeated on
    /// every page) and page number (— 5 —, -5-, ·5·, 第5页). They are not part of any document: dropped before
    /// anything is read, keeping the masthead's own lines. Bare digits stay (they are table cells, 序号).
    /// </summary>
    public static IReadOnlyList<GazetteLine> WithoutRunningMatter(IReadOnlyList<GazetteLine> lines)
    {
        var keys = lines.Select(l => RunningKey(l.Compact)).ToList();
        var repeated = keys.Where(k => k is not null).GroupBy(k => k!).Where(g => g.Count() >= 3).Select(g => g.Key).ToHashSet();
        var kept = new List<GazetteLine>(lines.Count);
        var mastheadSeen = new HashSet<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            // On the raw line: cleaning takes a leading '-' for markdown and would leave "6-" of "-6-".
            if (PageMarker().IsMatch(Compact(lines[i].Raw))) continue;
            if (keys[i] is { } key && repeated.Contains(key))
            {
                // The masthead at the top of the gazette is where the running header comes from: keep that one.
                if (i < 30 && mastheadSeen.Add(key) && lines[i].Compact == key) { kept.Add(lines[i]); continue; }
                continue;
            }
            kept.Add(lines[i]);
        }
        return kept;
    }

    /// <summary>A line that may be a running header: the gazette's name or issue, with any page number taken off.</summary>
    private static string? RunningKey(string compact)
    {
        var key = PageSuffix().Replace(compact, "");
        return key.Length is >= 4 and <= 60 && (key.Contains("公报") || IssueWords().IsMatch(key)) ? key : null;
    }

    [GeneratedRegex(@"^(?:[-—–－·•~_]+\d{1,4}[-—–－·•~_]+|第\d{1,4}页(?:[,，/]?共\d{1,4}页)?|\d{1,4}/\d{1,4})$")]
    private static partial Regex PageMarker();

    [GeneratedRegex(@"^[-—–－·•~_]*\d{1,4}[-—–－·•~_]*|[-—–－·•~_]*\d{1,4}[-—–－·•~_]*$")]
    private static partial Regex PageSuffix();

    [GeneratedRegex(@"\d{4}年第[0-9一二三四五六七八九十]{1,3}期")]
    private static partial Regex IssueWords();

    /// <summary>Drops the markup a PDF-to-text converter leaves (# headings, **bold**, escaped _) and trims.</summary>
    public static string Clean(string raw)
    {
        var t = raw.Replace("\u3000", " ").Replace("\u00a0", " ").Replace("\\_", "_").Replace("**", "");
        t = MarkdownHeading().Replace(t, "");
        return t.Trim().TrimStart('>', '-', '*', ' ').Trim();
    }

    public static string Compact(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text) if (!char.IsWhiteSpace(ch)) sb.Append(ch);
        return sb.ToString();
    }

    /// <summary>Joins title lines broken by the layout: no space between Chinese characters, one between Latin words.</summary>
    public static string JoinTitle(IEnumerable<string> parts)
    {
        var joined = string.Join(" ", parts.Select(p => p.Trim()));
        return CjkGap().Replace(joined, "").Trim();
    }

    public static bool IsWholeNumber(string text, out DocumentNumber? number)
    {
        number = null;
        var t = text.Trim();
        if (t.Length is < 5 or > 40) return false;
        // A parenthesised number is a table-of-contents entry or a citation, not a document's number line.
        if (t[0] is '(' or '（') return false;
        return DocumentNumber.TryParse(t, out number) && IsPlausibleIssuerCode(number.IssuerCode);
    }

    private static readonly string[] SentenceWords =
        ["的", "之", "关于", "通知", "决定", "文件", "意见", "办法", "规定", "印发", "了", "和", "及", "与", "对", "在", "是", "将", "被", "等"];

    /// <summary>
    /// An issuer code is an organ's short form (卫政规发, 宁政办规发, 自治区人民政府令): short, and no sentence in it.
    /// "性文件的决定卫政规发" — a heading's tail glued to a number by a PDF converter — is not one.
    /// </summary>
    public static bool IsPlausibleIssuerCode(string code) =>
        code.Length is >= 2 and <= 12 && !SentenceWords.Any(w => code.Contains(w, StringComparison.Ordinal));

    public static bool IsWholeDate(string text, out DateOnly date)
    {
        date = default;
        var t = Compact(text);
        return t.Length is >= 8 and <= 20 && t.EndsWith('日') && ChineseDate.TryParse(t, out date);
    }

    private static readonly string[] OrganEndings =
    [
        "人民政府", "政府", "办公室", "办公厅", "委员会", "局", "厅", "部", "委", "院", "会", "中心", "处", "署", "所",
        "队", "站", "社", "行", "公司", "集团", "党委", "法院", "检察院", "管委会", "管理委员会", "指挥部", "领导小组",
    ];

    /// <summary>A line that can be an issuing organ under a signature: short, no sentence punctuation, an organ's ending.</summary>
    public static bool IsOrgan(string text)
    {
        var t = Compact(text);
        if (t.Length is < 3 or > 40) return false;
        if (t.IndexOfAny(['。', '，', ',', '：', ':', '；', ';', '《', '》', '、', '“', '”']) >= 0) return false;
        return OrganEndings.Any(t.EndsWith);
    }

    /// <summary>Several organs on one signature line, separated by wide spaces or tabs.</summary>
    public static IReadOnlyList<string> SplitOrgans(string text) =>
        OrganSeparator().Split(text.Trim()).Select(Compact).Where(s => s.Length > 0).ToList();

    [GeneratedRegex(@"^\s*#{1,6}\s*")]
    private static partial Regex MarkdownHeading();

    [GeneratedRegex(@"(?<=[\p{IsCJKUnifiedIdeographs}《》〈〉（）()“”、，：“”0-9+\-—])\s+(?=[\p{IsCJKUnifiedIdeographs}《》〈〉（）()“”、，0-9+\-—])")]
    private static partial Regex CjkGap();

    [GeneratedRegex(@"\s{2,}|\t")]
    private static partial Regex OrganSeparator();
}
