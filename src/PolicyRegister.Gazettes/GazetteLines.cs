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
        return DocumentNumber.TryParse(t, out number);
    }

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
