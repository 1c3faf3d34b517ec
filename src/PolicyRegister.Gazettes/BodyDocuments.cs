using System.Text.RegularExpressions;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Gazettes;

/// <summary>One numbered document of the body: its heading lines, its number line, and every line up to the next document.</summary>
public sealed record BodyDocument(DocumentNumber Number, GazetteLine NumberLine, IReadOnlyList<GazetteLine> Heading, IReadOnlyList<GazetteLine> Lines);

public static partial class BodyDocuments
{
    // A long title hard-wrapped at a narrow page width takes five or six lines.
    private const int MaxHeadingLines = 6;

    /// <summary>A document starts at a line that is nothing but a number, under its heading.</summary>
    public static IReadOnlyList<BodyDocument> Find(IReadOnlyList<GazetteLine> lines, IReadOnlyList<TocEntry> toc, List<ImportWarning> warnings)
    {
        var tocLines = toc.Count == 0 ? 0 : toc.Max(e => e.Line);
        var starts = new List<(int Index, DocumentNumber Number, int HeadingFrom)>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Number <= tocLines) continue;
            DocumentNumber? number;
            if (!GazetteLines.IsWholeNumber(lines[i].Text, out number))
            {
                // A number broken over two lines: 卫政办发 / 〔2019〕1号. Never when the next line is a number by itself:
                // then this line is the tail of the heading above it (…的通 / 知), not the start of the number.
                if (i + 1 >= lines.Count || lines[i].Compact.Length > 12 || GazetteLines.IsWholeNumber(lines[i + 1].Text, out _)
                    || !GazetteLines.IsWholeNumber(lines[i].Text + lines[i + 1].Text, out number)) continue;
            }
            var from = HeadingStart(lines, i);
            if (from == i) continue; // a number with no heading above it is a citation on its own line, not a document
            // A title cell of a wrapped table row (…的通知》<tab>) above a number cell is a list's row, not a heading.
            var above = lines[i - 1];
            if (above.Compact.EndsWith('》') || above.Compact.EndsWith('>') || above.Raw.TrimEnd(' ', '\r').EndsWith('\t')) continue;
            starts.Add((i, number!, from));
        }

        var found = new List<BodyDocument>();
        for (var k = 0; k < starts.Count; k++)
        {
            var (index, number, from) = starts[k];
            var end = k + 1 < starts.Count ? starts[k + 1].HeadingFrom : lines.Count;
            found.Add(new BodyDocument(number, lines[index], lines.Skip(from).Take(index - from).ToList(), lines.Skip(index + 1).Take(Math.Max(0, end - index - 1)).ToList()));
        }
        return found;
    }

    /// <summary>
    /// Walks up from the number line over heading lines (short, no sentence punctuation, not a date, signature
    /// or table row), then starts the heading at the topmost of them that opens like a title (an organ or 关于),
    /// so that a caption closing the previous document is not taken in.
    /// </summary>
    private static int HeadingStart(IReadOnlyList<GazetteLine> lines, int numberIndex)
    {
        var top = numberIndex;
        for (var j = numberIndex - 1; j >= 0 && numberIndex - j <= MaxHeadingLines && IsHeadingLine(lines[j]); j--) top = j;
        for (var j = top; j < numberIndex; j++)
            if (StartsLikeTitle(lines[j].Compact)) return j;
        return top;
    }

    private static bool IsHeadingLine(GazetteLine line)
    {
        var c = line.Compact;
        // One character is a heading line too: the tail of a title wrapped by the layout (…的通 / 知).
        if (c.Length is < 1 or > 90) return false;
        if (c.IndexOfAny(['。', '；', ';', '：', ':', '\t', '|']) >= 0) return false;
        if (GazetteLines.IsWholeDate(c, out _) || c.Contains("此件公开发布") || c.StartsWith("附件")) return false;
        // The masthead (…公报, 2021年第3期, 2021年4月1日出版) is not a heading even where no contents stand between.
        if (c.EndsWith("公报") || c.EndsWith("出版") || MastheadIssue().IsMatch(c)) return false;
        // Table cells and list items (1, 2. , 3、) are not headings; a wrapped title may start with digits (…(2019—2 / 021年)…).
        if (line.Text.Contains('\t') || ListItem().IsMatch(c)) return false;
        if (GazetteLines.IsWholeNumber(line.Text, out _)) return false;
        return true;
    }

    private static bool StartsLikeTitle(string c) => TitleStart().IsMatch(c);

    [GeneratedRegex(@"^(?:\d{4}年第[0-9一二三四五六七八九十]{1,3}期|[(（]?总第[0-9一二三四五六七八九十百]{1,5}期[)）]?)")]
    private static partial Regex MastheadIssue();

    [GeneratedRegex(@"^\d+$|^\d{1,3}[.、．)）]")]
    private static partial Regex ListItem();

    public static PlannedDocument Plan(BodyDocument body, GazetteInfo gazette, IReadOnlyList<TocEntry> toc, List<ImportWarning> warnings)
    {
        var evidence = new List<Evidence>();
        var tocEntry = toc.FirstOrDefault(e => e.Number is not null && DocumentNumber.Parse(e.Number).Key == body.Number.Key);
        var heading = TrimToContents(body.Heading, tocEntry);
        var headingTitle = GazetteLines.JoinTitle(heading.Select(h => h.Text));
        var title = headingTitle.Length >= 4 ? headingTitle : tocEntry?.Title ?? headingTitle;
        var alternatives = tocEntry is not null && Fold(tocEntry.Title) != Fold(title) ? new List<string> { tocEntry.Title } : [];
        if (heading.Count > 0) evidence.Add(new Evidence(heading[0].Number, headingTitle, "title"));
        evidence.Add(new Evidence(body.NumberLine.Number, body.NumberLine.Text, "number"));

        var (issuers, signedOn, isPublic) = Signature(body, evidence);
        if (signedOn is null)
            warnings.Add(new ImportWarning(body.NumberLine.Number, $"{body.Number.Canonical}：未找到落款日期 (no signing date under a signature)"));
        if (issuers.Count == 0)
        {
            var fromTitle = IssuerInTitle().Match(title);
            if (fromTitle.Success) issuers = [fromTitle.Groups["i"].Value];
            warnings.Add(new ImportWarning(body.NumberLine.Number, $"{body.Number.Canonical}：未找到落款机关，{(fromTitle.Success ? $"按标题推定为{fromTitle.Groups["i"].Value}" : "无法推定")} (no signing organ found{(fromTitle.Success ? "; taken from the title" : "")})"));
        }

        var clauses = LifecycleClauses.Read(body.Lines, signedOn, evidence, warnings, body.Number.Canonical);
        var section = tocEntry?.Section;
        var normativeSections = toc.Any(e => IsNormativeSection(e.Section));
        var (normative, why, thin) = Normative(section, normativeSections, body, title, isPublic);
        evidence.Add(new Evidence(body.NumberLine.Number, why, "normative"));
        if (thin)
            warnings.Add(new ImportWarning(body.NumberLine.Number,
                $"{body.Number.Canonical}：按{why}推定为规范性文件，依据较弱，请确认 (taken as normative on thin evidence: {why}; confirm)"));
        var kind = body.Number.IsOrder || section?.Contains("规章") == true ? DocumentKind.Rule : normative ? DocumentKind.Normative : DocumentKind.Other;
        var trial = title.Contains("试行") || title.Contains("暂行");

        return new PlannedDocument(body.Number.Canonical, title, issuers, gazette.Jurisdiction, kind, signedOn, normative, section, tocEntry?.Page,
            trial, isPublic, clauses.Effective, clauses.Expires, clauses.Repeals, alternatives, evidence, body.NumberLine.Number)
        {
            Body = body.Lines.Count == 0 ? null : string.Join("\n", body.Lines.Select(l => l.Text)),
            BodyFrom = body.Lines.Count == 0 ? null : body.Lines[0].Number,
            BodyTo = body.Lines.Count == 0 ? null : body.Lines[^1].Number,
        };
    }

    /// <summary>
    /// Where the table of contents lists the document, the heading starts at the line from which it reads most
    /// like that entry: a caption closing the previous document is then left out even when it names an organ.
    /// </summary>
    private static IReadOnlyList<GazetteLine> TrimToContents(IReadOnlyList<GazetteLine> heading, TocEntry? entry)
    {
        if (entry is null || heading.Count < 2) return heading;
        var best = 0;
        var bestScore = -1.0;
        for (var k = 0; k < heading.Count; k++)
        {
            var score = TitleMatching.Similarity(GazetteLines.JoinTitle(heading.Skip(k).Select(h => h.Text)), entry.Title);
            if (score > bestScore + 0.001) (best, bestScore) = (k, score);
        }
        return heading.Skip(best).ToList();
    }

    /// <summary>
    /// Whether a document is normative, with the evidence a clerk would use, strongest first: the section it is
    /// printed under, the 规 marker or an order number, a cleanup decision; else, thin: published for all (此件公开发布)
    /// with a title naming a rule-setting instrument (办法, 规定, 细则, 意见 …) and articles (第X条) in its text.
    /// </summary>
    public static (bool Normative, string Why, bool Thin) Normative(string? section, bool gazetteHasNormativeSections, BodyDocument body, string title, bool isPublic)
    {
        if (IsNormativeSection(section)) return (true, $"目录栏目“{section}”", false);
        if (RegulationCode().IsMatch(body.Number.IssuerCode)) return (true, $"文号中的“规”字（{body.Number.IssuerCode}）", false);
        if (body.Number.IsOrder) return (true, "政府令文号", false);
        if (DecisionAnnexes.IsCleanupDecision(title)) return (true, "清理规范性文件的决定", false);
        // A gazette that prints its normative documents under a section of their own has classified this one otherwise.
        if (section is not null && gazetteHasNormativeSections) return (false, $"目录栏目“{section}”（本期另有规范性文件栏目）", false);
        var articles = body.Lines.Any(l => Article().IsMatch(l.Compact));
        if (isPublic && articles && RuleInstrument().IsMatch(title)) return (true, "此件公开发布、标题为规范性文件名称且正文分条", true);
        if (section is not null) return (false, $"目录栏目“{section}”", false);
        return (false, "无规范性文件标志（栏目、“规”字文号、令）", false);
    }

    private static bool IsNormativeSection(string? section) => section is not null && (section.Contains("规范性文件") || section.Contains("规章"));

    [GeneratedRegex(@"^第[一二三四五六七八九十百零〇]+条")]
    private static partial Regex Article();

    [GeneratedRegex(@"(?:办法|规定|细则|规则|意见|实施方案|标准|规范|制度)(?:（试行）|\(试行\)|（暂行）)?(?:》)?(?:的通知)?$")]
    private static partial Regex RuleInstrument();

    /// <summary>
    /// The first date line after the number that stands under one or more organ lines. Where the organ is a seal (no
    /// text above the date), the first date line that stands alone is the signing date, and the issuer is left to the
    /// caller (taken from the title, with a warning).
    /// </summary>
    private static (IReadOnlyList<string> Issuers, DateOnly? SignedOn, bool Public) Signature(BodyDocument body, List<Evidence> evidence)
    {
        var lines = body.Lines;
        (int Index, DateOnly Date, string Text)? sealed_ = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var dateText = lines[i].Text;
            if (!GazetteLines.IsWholeDate(dateText, out var date))
            {
                if (i + 1 < lines.Count && lines[i].Compact.Length <= 12 && GazetteLines.IsWholeDate(lines[i].Text + lines[i + 1].Text, out date)) dateText += lines[i + 1].Text;
                else continue;
            }
            var organs = new List<string>();
            for (var j = i - 1; j >= 0 && i - j <= 4 && GazetteLines.IsOrgan(lines[j].Text.Split("  ")[0]); j--)
                organs.InsertRange(0, GazetteLines.SplitOrgans(lines[j].Text));
            // A government rule (令) is signed by the head of government; the issuer is the government of the order number.
            if (organs.Count == 0 && body.Number.IsOrder && i > 0 && Leader().IsMatch(lines[i - 1].Compact))
                organs.Add(body.Number.IssuerCode.TrimEnd('令'));
            if (organs.Count == 0)
            {
                sealed_ ??= (i, date, dateText);
                continue;
            }
            evidence.Add(new Evidence(lines[i].Number - 1 >= 0 ? lines[i - 1].Number : lines[i].Number, string.Join(" ", organs), "issuers"));
            evidence.Add(new Evidence(lines[i].Number, dateText.Trim(), "signedOn"));
            var isPublic = lines.Skip(i + 1).Take(3).Any(l => l.Compact.Contains("此件公开发布"));
            if (isPublic) evidence.Add(new Evidence(lines.Skip(i + 1).First(l => l.Compact.Contains("此件公开发布")).Number, "此件公开发布", "public"));
            return (organs.Distinct().ToList(), date, isPublic);
        }
        if (sealed_ is { } s)
        {
            evidence.Add(new Evidence(lines[s.Index].Number, s.Text.Trim(), "signedOn"));
            var publicLine = lines.Skip(s.Index + 1).Take(3).FirstOrDefault(l => l.Compact.Contains("此件公开发布"));
            if (publicLine is not null) evidence.Add(new Evidence(publicLine.Number, "此件公开发布", "public"));
            return ([], s.Date, publicLine is not null);
        }
        return ([], null, false);
    }

    private static string Fold(string s) => TitleMatching.Fold(s);

    // Titles open with an organ or with 关于; the organ may carry a place name first.
    [GeneratedRegex(@"^(?:[\p{IsCJKUnifiedIdeographs}]{2,30}?(?:人民政府|政府|办公室|办公厅|委员会|局|厅|部|委|院|管委会|党委|中心)|关于)")]
    private static partial Regex TitleStart();

    [GeneratedRegex(@"^(?<i>[\p{IsCJKUnifiedIdeographs}]{2,40}?(?:人民政府办公室|人民政府办公厅|人民政府|政府|办公室|办公厅|委员会|局|厅|部|委))(?:关于|印发)")]
    private static partial Regex IssuerInTitle();

    [GeneratedRegex(@"^[\p{IsCJKUnifiedIdeographs}]{0,12}(?:主席|省长|市长|州长|县长|区长|旗长|盟长|总理)[:：]?[\p{IsCJKUnifiedIdeographs}·]{0,5}$")]
    private static partial Regex Leader();

    [GeneratedRegex(@"规(?:发|字|办发)?$|规[发字]")]
    private static partial Regex RegulationCode();
}
