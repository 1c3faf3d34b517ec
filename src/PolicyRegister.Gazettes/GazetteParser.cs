using System.Globalization;
using System.Text.RegularExpressions;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Gazettes;

/// <summary>
/// Reads a gazette's text into an <see cref="ImportPlan"/>. The rules follow what gazettes share
/// (a masthead with year, issue and date; a table of contents in 【sections】; each document as heading,
/// number line, body, signature, date), not the layout of one city's files.
/// </summary>
public static partial class GazetteParser
{
    public static ImportPlan Parse(byte[] bytes)
    {
        var (text, encoding) = GazetteText.Decode(bytes);
        var plan = Parse(text);
        return encoding == "utf-8" ? plan
            : plan with { Warnings = [new ImportWarning(0, $"文件编码为 {encoding}，已转换 (decoded as {encoding})"), .. plan.Warnings] };
    }

    public static ImportPlan Parse(string text)
    {
        var lines = GazetteLines.WithoutRunningMatter(GazetteLines.Split(text));
        var warnings = new List<ImportWarning>();
        if (lines.Count == 0) throw new GazetteFormatException("文件没有文字 (the file has no text)");

        var masthead = ReadMasthead(lines, warnings);
        var gazette = masthead.Info;
        var toc = TableOfContents.Read(lines, warnings);
        var bodies = BodyDocuments.Find(lines, toc, warnings);

        var documents = new List<PlannedDocument>();
        var decisions = new List<PlannedDecision>();
        foreach (var body in bodies)
        {
            var document = BodyDocuments.Plan(body, gazette, toc, warnings);
            documents.Add(document);
            if (DecisionAnnexes.IsCleanupDecision(document.Title) && DecisionAnnexes.Read(body, document, warnings) is { } decision)
                decisions.Add(decision);
        }

        foreach (var entry in toc.Where(e => e.Number is not null && !documents.Any(d => SameNumber(d.Number, e.Number!))))
            warnings.Add(new ImportWarning(entry.Line, $"目录所列{entry.Number}《{entry.Title}》未在正文中找到 (listed in the table of contents, not found in the body)"));
        // A text with neither a masthead nor a numbered document is not a gazette: nothing to plan or commit.
        if (gazette.Name is null && documents.Count == 0)
            throw new GazetteFormatException("不是公报：既没有刊头（……公报），也没有带文号的文件 (not a gazette: no masthead and no numbered document)");

        var blocking = new List<ImportWarning>();
        if (documents.Count == 0)
            blocking.Add(new ImportWarning(0, "未找到带文号的文件 (no numbered document found: is this a gazette?)"));
        if (gazette.Jurisdiction is null)
            blocking.Add(new ImportWarning(masthead.Line, masthead.Problem
                ?? "无法从刊头确定管辖区，请指定 (the masthead names no jurisdiction the register can use: choose one with --jurisdiction)",
                ImportPlan.JurisdictionBlock));
        return new ImportPlan(gazette, toc, documents, decisions, warnings.OrderBy(w => w.Line).ToList()) { Blocking = blocking };
    }

    private static bool SameNumber(string a, string b) =>
        DocumentNumber.TryParse(a, out var x) && DocumentNumber.TryParse(b, out var y) && x.Key == y.Key;

    private sealed record Masthead(GazetteInfo Info, int Line, string? Problem);

    private static Masthead ReadMasthead(IReadOnlyList<GazetteLine> lines, List<ImportWarning> warnings)
    {
        string? name = null;
        var nameLine = 0;
        int? year = null, issue = null, cumulative = null;
        DateOnly? published = null;
        // The masthead sits before the first document; a long table of contents can push it, so read generously.
        for (var i = 0; i < Math.Min(lines.Count, 400); i++)
        {
            var line = lines[i];
            var c = line.Compact;
            if (name is null && MastheadName(lines, i) is { } found) (name, nameLine) = (found, line.Number);
            if (year is null && YearIssue().Match(c) is { Success: true } yi)
            {
                year = int.Parse(yi.Groups["y"].Value, CultureInfo.InvariantCulture);
                issue = ParseCount(yi.Groups["i"].Value);
            }
            if (cumulative is null && Cumulative().Match(c) is { Success: true } cu) cumulative = ParseCount(cu.Groups["n"].Value);
            if (published is null && Published().Match(c) is { Success: true } p && ChineseDate.TryParse(p.Groups["d"].Value, out var d)) published = d;
        }
        if (name is null) warnings.Add(new ImportWarning(0, "未找到公报名称 (no gazette name such as …人民政府公报)"));
        if (published is null) warnings.Add(new ImportWarning(0, "未找到出版日期 (no publication date such as 2024年7月3日出版)"));

        // The jurisdiction is the division the masthead names, never a guess: unresolved, the plan blocks its commit.
        var written = name is null ? null : JurisdictionOf().Match(name) is { Success: true } j ? j.Groups["j"].Value : null;
        var resolution = Divisions.Resolve(written);
        string? problem = written is null ? null
            : resolution.Division is null ? $"刊头“{name}”：{resolution.Message}" : null;
        return new Masthead(new GazetteInfo(name, year, issue, cumulative, published, resolution.Division?.Code, written), nameLine, problem);
    }

    private static readonly string[] MastheadTails = ["人民政府办公厅公报", "人民政府办公室公报", "人民政府公报", "政府公报", "办公厅公报", "公报"];

    /// <summary>
    /// The gazette's name on line i. A masthead may be set over two lines: the division on one and 人民政府公报 (or a
    /// letter-spaced 公 报) on the next; then the name is the two joined. A line that is only the tail never names a
    /// jurisdiction by itself (that read 宁夏回族自治区 / 人民政府公报 as "人民").
    /// </summary>
    private static string? MastheadName(IReadOnlyList<GazetteLine> lines, int i)
    {
        var c = lines[i].Compact;
        if (!c.EndsWith("公报", StringComparison.Ordinal) || c.Length > 40) return null;
        if (MastheadTails.Contains(c))
        {
            if (i == 0) return null;
            var previous = lines[i - 1].Compact;
            var joined = previous + c;
            return previous.Length is >= 2 and <= 30 && previous.All(IsCjk) && GazetteName().IsMatch(joined) ? joined : null;
        }
        return GazetteName().Match(c) is { Success: true } n ? n.Groups["name"].Value : null;
    }

    private static bool IsCjk(char c) => c is >= '\u4e00' and <= '\u9fff';

    internal static int? ParseCount(string text)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        // 第十二期, 总第一百零五期
        const string digits = "零一二三四五六七八九";
        int total = 0, current = 0;
        foreach (var ch in text)
        {
            var d = digits.IndexOf(ch);
            if (d >= 0) current = d;
            else if (ch == '十') { total += (current == 0 ? 1 : current) * 10; current = 0; }
            else if (ch == '百') { total += (current == 0 ? 1 : current) * 100; current = 0; }
            else return null;
        }
        return total + current;
    }

    [GeneratedRegex(@"^(?<name>[\p{IsCJKUnifiedIdeographs}]{2,30}(?:人民政府|政府|人民政府办公厅|办公厅)?公报)$")]
    private static partial Regex GazetteName();

    [GeneratedRegex(@"(?<y>\d{4})年第(?<i>[0-9一二三四五六七八九十]{1,3})期")]
    private static partial Regex YearIssue();

    [GeneratedRegex(@"总第(?<n>[0-9一二三四五六七八九十百]{1,5})期")]
    private static partial Regex Cumulative();

    [GeneratedRegex(@"(?<d>[0-9〇零一二三四五六七八九]{4}年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日)出版")]
    private static partial Regex Published();

    [GeneratedRegex(@"^(?<j>.+?)(?:人民政府办公厅|人民政府|政府|办公厅)?公报$")]
    private static partial Regex JurisdictionOf();
}
