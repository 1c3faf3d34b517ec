using System.Text;
using System.Text.RegularExpressions;

namespace PolicyRegister.Domain.Texts;

/// <summary>The levels of a Chinese normative text (编/章/节/条/款/项/目), its annexes, and text outside any article.</summary>
public enum PartKind { Preamble, Book, Chapter, Section, Article, Paragraph, Item, Point, Subpoint, Annex }

/// <summary>
/// One part of a text. <see cref="Id"/> is stable and built from the numbering as printed (art_3, art_8__para_1,
/// art_5__para_1__item_2, chp_2, annex_1); <see cref="Number"/> is the numbering exactly as printed (第三条, （一）);
/// <see cref="Text"/> the part's own words with the original characters, lines broken by extraction joined again.
/// </summary>
public sealed record TextPart(string Id, PartKind Kind, string Number, string Heading, string Text, int Line, IReadOnlyList<TextPart> Children);

public sealed record TextWarning(int Line, string Message);

public sealed record TextTree(IReadOnlyList<TextPart> Parts, IReadOnlyList<TextWarning> Warnings)
{
    /// <summary>Every part, depth first.</summary>
    public IEnumerable<TextPart> All() => Walk(Parts);

    public TextPart? Find(string id) => All().FirstOrDefault(p => p.Id == id);

    private static IEnumerable<TextPart> Walk(IEnumerable<TextPart> parts) => parts.SelectMany(p => Walk(p.Children).Prepend(p));
}

/// <summary>
/// Parses a normative text into its parts: pure, no I/O. Lines that extraction broke (a line ending without closing
/// punctuation, even across the blank lines of a page break) are joined; a "- " bullet that PDF extraction put before
/// a list item is dropped; everything else is kept as printed. Numbering that jumps or goes back is a warning, never
/// a failure.
/// </summary>
public static partial class TextStructure
{
    [GeneratedRegex(@"^第(?<n>[一二三四五六七八九十百零〇两\d]+)编[\s　]*(?<rest>.*)$")] private static partial Regex BookLine();
    [GeneratedRegex(@"^第(?<n>[一二三四五六七八九十百零〇两\d]+)章[\s　]*(?<rest>.*)$")] private static partial Regex ChapterLine();
    [GeneratedRegex(@"^第(?<n>[一二三四五六七八九十百零〇两\d]+)节[\s　]*(?<rest>.*)$")] private static partial Regex SectionLine();
    [GeneratedRegex(@"^第(?<n>[一二三四五六七八九十百零〇两\d]+)条(?:[\s　]+|(?=[^\s　]))(?<rest>.*)$")] private static partial Regex ArticleLine();
    [GeneratedRegex(@"^[（(](?<n>[一二三四五六七八九十]+)[）)][\s　]*(?<rest>.*)$")] private static partial Regex ItemLine();
    [GeneratedRegex(@"^(?<n>\d{1,2})[.．、][\s　]*(?<rest>.*)$")] private static partial Regex PointLine();
    [GeneratedRegex(@"^[（(](?<n>\d{1,2})[）)][\s　]*(?<rest>.*)$")] private static partial Regex SubpointLine();
    [GeneratedRegex(@"^附件[\s　]*(?<n>\d{1,2}|[一二三四五六七八九十]+)?[\s　]*$")] private static partial Regex AnnexLine();

    private const string Closing = "。；：！？;:!?）)”」』";

    public static TextTree Parse(string text)
    {
        var warnings = new List<TextWarning>();
        var lines = Join(text);
        var root = new Builder(PartKind.Preamble, "", "", "", 0, null);
        var top = new List<Builder>();
        Builder? book = null, chapter = null, section = null, article = null, paragraph = null, item = null, point = null, annex = null;
        int lastArticle = 0, annexCount = 0;
        var lastPrinted = "";
        var preamble = new List<Builder>();

        Builder Container() => section ?? chapter ?? book ?? annex ?? root;

        foreach (var (line, number) in lines)
        {
            Match m;
            if ((m = AnnexLine().Match(line)).Success)
            {
                annexCount++;
                var n = m.Groups["n"].Success ? Numerals.Parse(m.Groups["n"].Value) ?? annexCount : annexCount;
                annex = new Builder(PartKind.Annex, $"annex_{n}", line, "", number, null);
                top.Add(annex);
                lastArticle = 0; // an annex numbers its own articles
                book = chapter = section = article = paragraph = item = point = null;
                continue;
            }
            if ((m = BookLine().Match(line)).Success)
            {
                book = Open(PartKind.Book, "book", m, number, annex ?? root, annex);
                chapter = section = article = paragraph = item = point = null;
                continue;
            }
            if ((m = ChapterLine().Match(line)).Success)
            {
                chapter = Open(PartKind.Chapter, "chp", m, number, book ?? annex ?? root, annex);
                section = article = paragraph = item = point = null;
                continue;
            }
            if ((m = SectionLine().Match(line)).Success && chapter is not null)
            {
                section = Open(PartKind.Section, $"{chapter.Id}__sec", m, number, chapter, null);
                article = paragraph = item = point = null;
                continue;
            }
            if ((m = ArticleLine().Match(line)).Success)
            {
                var n = Numerals.Parse(m.Groups["n"].Value);
                if (n is { } value && lastArticle > 0 && value != lastArticle + 1)
                    warnings.Add(new(number, value <= lastArticle
                        ? $"第{m.Groups["n"].Value}条在第{lastPrinted}条之后：编号倒退或重复 (article {value} after {lastArticle})"
                        : $"第{m.Groups["n"].Value}条前缺少条文：编号跳过 (article {value} after {lastArticle})"));
                if (n is { } v) (lastArticle, lastPrinted) = (v, m.Groups["n"].Value);
                var prefix = annex is not null ? $"{annex.Id}__art" : "art";
                var id = $"{prefix}_{n?.ToString() ?? m.Groups["n"].Value}";
                article = new Builder(PartKind.Article, id, $"第{m.Groups["n"].Value}条", "", number, null);
                Container().Children.Add(article);
                paragraph = item = point = null;
                var rest = m.Groups["rest"].Value;
                if (rest.Length > 0)
                {
                    // A short line without closing punctuation is the article's heading (第五条 专项资金使用原则).
                    if (rest.Length <= 20 && !Closing.Contains(rest[^1])) article.Heading = rest;
                    else paragraph = article.Add(PartKind.Paragraph, "para", "", rest, number);
                }
                continue;
            }
            if ((m = ItemLine().Match(line)).Success && (article is not null || paragraph is not null || annex is not null))
            {
                var owner = paragraph ?? (article is not null ? paragraph = article.Add(PartKind.Paragraph, "para", "", "", number) : Container());
                item = owner.Add(PartKind.Item, "item", m.Groups[0].Value[..(m.Groups["rest"].Index - m.Index)].TrimEnd(), m.Groups["rest"].Value, number);
                point = null;
                continue;
            }
            if ((m = PointLine().Match(line)).Success && item is not null)
            {
                point = item.Add(PartKind.Point, "point", m.Groups[0].Value[..(m.Groups["rest"].Index - m.Index)].TrimEnd(), m.Groups["rest"].Value, number);
                continue;
            }
            if ((m = SubpointLine().Match(line)).Success && (point ?? item) is { } parent)
            {
                parent.Add(PartKind.Subpoint, "subpoint", m.Groups[0].Value[..(m.Groups["rest"].Index - m.Index)].TrimEnd(), m.Groups["rest"].Value, number);
                continue;
            }
            // A plain line: a paragraph of the current article, more words of the current item or point, or text
            // outside any article (the 发文 body before the articles, an annex's own text).
            if (point is not null) point.Append(line);
            else if (item is not null) item.Append(line);
            else if (article is not null) paragraph = article.Add(PartKind.Paragraph, "para", "", line, number);
            else if (annex is not null || book is not null || chapter is not null) Container().Add(PartKind.Paragraph, "para", "", line, number);
            else preamble.Add(new Builder(PartKind.Paragraph, $"para_{preamble.Count + 1}", "", line, number, null));
        }

        var parts = new List<TextPart>();
        if (preamble.Count > 0)
        {
            var intro = new Builder(PartKind.Preamble, "preamble", "", "", preamble[0].Line, null);
            foreach (var p in preamble)
            {
                p.Id = $"preamble__para_{intro.Children.Count + 1}";
                intro.Children.Add(p);
            }
            parts.Add(intro.Build());
        }
        parts.AddRange(root.Children.Select(c => c.Build()));
        parts.AddRange(top.Select(a => a.Build()));
        return new TextTree(parts, warnings);

        Builder Open(PartKind kind, string prefix, Match m, int number, Builder parent, Builder? inAnnex)
        {
            var n = Numerals.Parse(m.Groups["n"].Value);
            var id = ($"{(inAnnex is not null && kind != PartKind.Section ? $"{inAnnex.Id}__" : "")}{prefix}_{n?.ToString() ?? m.Groups["n"].Value}");
            var builder = new Builder(kind, id, m.Value[..(m.Groups["rest"].Index - m.Index)].TrimEnd(), "", number, m.Groups["rest"].Value);
            parent.Children.Add(builder);
            return builder;
        }
    }

    /// <summary>Non-empty lines with their line numbers; lines that extraction broke are joined to the line before.</summary>
    public static IReadOnlyList<(string Text, int Line)> Join(string text)
    {
        var result = new List<(string Text, int Line)>();
        var lastIsMarker = false; // whether the entry being built starts with a marker (its first line decides)
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            number++;
            var line = raw.Trim().TrimStart('\uFEFF');
            if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("• ", StringComparison.Ordinal)) line = line[2..].TrimStart();
            if (line.Length == 0) continue;
            var starts = IsMarker(line);
            if (result.Count > 0 && !starts && !Closing.Contains(result[^1].Text[^1]) && !IsHeadingLike(result[^1].Text, lastIsMarker))
            {
                result[^1] = (result[^1].Text + line, result[^1].Line);
                continue;
            }
            result.Add((line, number));
            lastIsMarker = starts;
        }
        return result;
    }

    private static bool IsMarker(string line) =>
        BookLine().IsMatch(line) || ChapterLine().IsMatch(line) || SectionLine().IsMatch(line) || ArticleLine().IsMatch(line)
        || ItemLine().IsMatch(line) || PointLine().IsMatch(line) || SubpointLine().IsMatch(line) || AnnexLine().IsMatch(line);

    /// <summary>A title or heading line ends without punctuation and is not broken text: a short marker line, or a short line without a comma.</summary>
    private static bool IsHeadingLike(string line, bool marker) => line.Length <= 24 && (marker || (!line.Contains('，') && !line.Contains(',')));

    private sealed class Builder(PartKind kind, string id, string number, string text, int line, string? heading)
    {
        public PartKind Kind { get; } = kind;
        public string Id { get; set; } = id;
        public string Number { get; } = number;
        public string Heading { get; set; } = heading ?? "";
        public StringBuilder Text { get; } = new(text);
        public int Line { get; } = line;
        public List<Builder> Children { get; } = [];

        public Builder Add(PartKind kind, string prefix, string number, string text, int line)
        {
            var child = new Builder(kind, $"{Id}__{prefix}_{Children.Count(c => c.Kind == kind) + 1}", number, text, line, null);
            Children.Add(child);
            return child;
        }

        public void Append(string line)
        {
            if (Text.Length > 0) Text.Append('\n');
            Text.Append(line);
        }

        public TextPart Build() => new(Id, Kind, Number, Heading, Text.ToString(), Line, [.. Children.Select(c => c.Build())]);
    }
}

/// <summary>Chinese numerals as printed in numbering (一, 十二, 二十三, 一百零五, 两) and Arabic digits.</summary>
public static class Numerals
{
    private const string Digits = "零一二三四五六七八九";

    public static int? Parse(string written)
    {
        if (written.Length == 0) return null;
        if (written.All(char.IsAsciiDigit)) return int.Parse(written, System.Globalization.CultureInfo.InvariantCulture);
        int total = 0, current = 0;
        foreach (var c in written.Replace('〇', '零').Replace('两', '二'))
        {
            var d = Digits.IndexOf(c);
            if (d >= 0) { current = d; continue; }
            var unit = c switch { '十' => 10, '百' => 100, _ => 0 };
            if (unit == 0) return null;
            total += (current == 0 ? 1 : current) * unit;
            current = 0;
        }
        return total + current;
    }
}
