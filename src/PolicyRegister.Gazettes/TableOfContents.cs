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
        foreach (var line in lines)
        {
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
            if (Entry().Match(c) is { Success: true } e)
            {
                var numberText = e.Groups["n"].Value;
                var number = DocumentNumber.TryParse(numberText, out var n) ? n.Canonical : null;
                if (number is null) warnings.Add(new ImportWarning(line.Number, $"目录中的文号无法识别：{numberText} (unreadable number in the table of contents)"));
                int? page = int.TryParse(e.Groups["p"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : null;
                var text = GazetteLines.JoinTitle(title.Select(t => t.Text));
                if (text.Length > 0) entries.Add(new TocEntry(section, text, number, page, title.Count > 0 ? title[0].Number : line.Number));
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

    [GeneratedRegex(@"^【(?<s>[^】]{2,40})】$")]
    private static partial Regex Section();

    [GeneratedRegex(@"^[(（](?<n>[^()（）]{4,40})[)）][.．…·•\-—_]*(?<p>\d{1,4})?$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^(?<t>.*?)[.．…·•]{3,}(?<p>\d{1,4})$")]
    private static partial Regex UnnumberedEntry();
}
