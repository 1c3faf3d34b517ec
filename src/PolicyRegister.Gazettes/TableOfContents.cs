using System.Globalization;
using System.Text.RegularExpressions;
using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Gazettes;

/// <summary>
/// The table of contents: 【section】 headings, then entries of title lines followed by
/// "(number) ..... page". It may span several pages, each starting again with 目录; a section
/// continues across them.
/// </summary>
public static partial class TableOfContents
{
    public static IReadOnlyList<TocEntry> Read(IReadOnlyList<GazetteLine> lines, List<ImportWarning> warnings)
    {
        var entries = new List<TocEntry>();
        string? section = null;
        var title = new List<GazetteLine>();
        var inToc = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var c = line.Compact;
            if (c is "目录" or "目次")
            {
                inToc = true;
                title.Clear();
                continue;
            }
            if (!inToc) continue;
            // The body starts at the first bare number line: the table of contents is over.
            if (GazetteLines.IsWholeNumber(line.Text, out _) && title.Count > 0 && !Entry().IsMatch(c)) break;

            if (Section().Match(c) is { Success: true } s)
            {
                section = s.Groups["s"].Value;
                title.Clear();
                continue;
            }
            // A line wrapped before its page number: "（…号）……" then "……7" or "11".
            if (Entry().Match(c) is var whole && !(whole.Success && whole.Groups["p"].Success) && !Glued().IsMatch(c)
                && i + 1 < lines.Count && PageRest().IsMatch(lines[i + 1].Compact)
                && (Entry().IsMatch(c + lines[i + 1].Compact) || Glued().IsMatch(c + lines[i + 1].Compact)))
            {
                c += lines[++i].Compact;
            }
            if (Entry().Match(c) is { Success: true } e)
            {
                var numberText = e.Groups["n"].Value;
                var number = DocumentNumber.TryParse(numberText, out var n) ? n.Canonical : null;
                if (number is null) warnings.Add(new ImportWarning(line.Number, $"目录中的文号无法识别：{numberText} (unreadable number in the table of contents)"));
                var text = GazetteLines.JoinTitle(title.Select(t => t.Text));
                if (text.Length > 0) entries.Add(new TocEntry(section, text, number, Page(e), title.Count > 0 ? title[0].Number : line.Number));
                title.Clear();
                continue;
            }
            // The number glued to the title's last words, dot leaders, page: 关于…的通知某党办〔2020〕12号…………1.
            if (Glued().Match(c) is { Success: true } g && SplitGlued(g.Groups["before"].Value) is var (tail, code) && code.Length >= 2
                && DocumentNumber.TryParse(code + g.Groups["rest"].Value, out var glued))
            {
                var text = GazetteLines.JoinTitle([.. title.Select(t => t.Text), tail]);
                if (text.Length > 0) entries.Add(new TocEntry(section, text, glued.Canonical, Page(g), title.Count > 0 ? title[0].Number : line.Number));
                title.Clear();
                continue;
            }
            // A title without a number: the entry ends at its page number.
            if (UnnumberedEntry().Match(c) is { Success: true } u && u.Groups["t"].Value.Length > 4)
            {
                var text = GazetteLines.JoinTitle([.. title.Select(t => t.Text), u.Groups["t"].Value]);
                entries.Add(new TocEntry(section, text, null, int.Parse(u.Groups["p"].Value, CultureInfo.InvariantCulture), title.Count > 0 ? title[0].Number : line.Number));
                title.Clear();
                continue;
            }
            // Colophon lines ("主编:…") and the slogans printed between contents pages are not titles.
            if (c.Contains(':') || c.Contains('：') || line.Text.Contains("  ") || c.Length > 80)
            {
                title.Clear();
                continue;
            }
            title.Add(line);
            if (title.Count > 4) title.RemoveAt(0);
        }
        return entries;
    }

    private static int? Page(Match m) =>
        int.TryParse(m.Groups["p"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;

    private static readonly string[] TitleEndings =
    [
        "通知", "意见", "办法", "决定", "规定", "方案", "细则", "批复", "公告", "通告", "函", "规划", "计划", "条例", "规则", "要点",
        "纲要", "标准", "目录", "报告", "命令", "决议", "指引", "清单", "制度",
    ];

    /// <summary>
    /// Where a title glued to its number ends and the issuer code begins: after the last word a title ends with
    /// (…的通知 | 某党办), else the longest plausible code of at most eight characters.
    /// </summary>
    public static (string Tail, string Code) SplitGlued(string before)
    {
        var best = -1;
        foreach (var ending in TitleEndings)
        {
            var at = before.LastIndexOf(ending, StringComparison.Ordinal);
            if (at >= 0 && at + ending.Length > best && before.Length - (at + ending.Length) >= 2) best = at + ending.Length;
        }
        if (best >= 0) return (before[..best], before[best..]);
        for (var length = Math.Min(8, before.Length); length >= 2; length--)
        {
            var code = before[^length..];
            if (GazetteLines.IsPlausibleIssuerCode(code)) return (before[..^length], code);
        }
        return (before, "");
    }

    [GeneratedRegex(@"^【(?<s>[^】]{2,40})】$")]
    private static partial Regex Section();

    // (number) then dot leaders and the page, which may stand in parentheses: （某政发〔2020〕5号）（7）.
    [GeneratedRegex(@"^[(（](?<n>[^()（）]{4,40})[)）][.．…·•\-—_]*(?:[(（](?<p>\d{1,4})[)）]|(?<p>\d{1,4}))?$")]
    private static partial Regex Entry();

    // A number without parentheses, glued to the title, then at least two leaders and the page.
    [GeneratedRegex(@"^(?<before>[^〔\[［【﹝(（]{2,120}?)(?<rest>[〔\[［【﹝(（]\d{4}[〕\]］】﹞)）]第?\d{1,5}号)[.．…·•\-—_]{2,}(?<p>\d{1,4})$")]
    private static partial Regex Glued();

    // What a wrapped contents line leaves for the next: leaders and the page, or the page alone.
    [GeneratedRegex(@"^[.．…·•\-—_]*(?:[(（]\d{1,4}[)）]|\d{1,4})$")]
    private static partial Regex PageRest();

    [GeneratedRegex(@"^(?<t>.*?)[.．…·•]{3,}(?<p>\d{1,4})$")]
    private static partial Regex UnnumberedEntry();
}
