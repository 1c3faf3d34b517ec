using System.Globalization;
using System.Text.RegularExpressions;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Gazettes;

/// <summary>
/// A cleanup decision's lists: each annex headed 决定保留／废止／修改／宣布失效的…目录, with rows of 序号, title
/// and number (tab- or |-separated). Header rows repeated after page breaks are dropped; a row naming two
/// instruments under one number stays one row. Without annex lists, the decision's own sentences are read
/// (决定废止《…》(…号)).
/// </summary>
public static partial class DecisionAnnexes
{
    public static bool IsCleanupDecision(string title)
    {
        var t = GazetteLines.Compact(title);
        if (ProceduralWording.IsProcedural(t)) return false; // a draft or a call for comments decides nothing
        return t.Contains("决定") && ActionVerb().IsMatch(t) && (t.Contains("规范性文件") || t.Contains("规章") || t.Contains("文件") || t.Contains('《'));
    }

    public static PlannedDecision? Read(BodyDocument body, PlannedDocument document, List<ImportWarning> warnings)
    {
        var announced = Announced(body.Lines);
        var items = new List<PlannedItem>();
        var lists = new List<(DecisionAction Action, int Line, List<PlannedItem> Rows)>();
        List<PlannedItem>? current = null;
        DecisionAction action = default;
        var headed = new Dictionary<int, int>(); // an annex's own count, (N件) in its heading, by the heading's line
        string? verb = null;
        (int Title, int Number, int Reason)? columns = null; // from a header row that names its columns
        foreach (var line in body.Lines)
        {
            if (AnnexHeading(line, out var headingCount, out var headingVerb) is { } heading)
            {
                (action, verb, columns) = (heading, headingVerb, null);
                // The body's attachment line (附件：…目录) names the annex the signature is followed by: the heading
                // printed again there replaces the empty list the attachment line opened.
                if (lists.Count > 0 && lists[^1].Rows.Count == 0 && lists[^1].Action == heading)
                {
                    headed.Remove(lists[^1].Line);
                    lists.RemoveAt(lists.Count - 1);
                }
                current = [];
                lists.Add((action, line.Number, current));
                if (headingCount is { } n) headed[line.Number] = n;
                continue;
            }
            if (current is null) continue;
            var cells = RowCells(line.Text, out var rowWarning);
            if (rowWarning is not null) warnings.Add(new ImportWarning(line.Number, rowWarning));
            if (cells.Count < 2) continue;
            if (cells[0].Contains("序号"))
            {
                columns = Columns(cells);
                continue;
            }
            if (cells.All(c => c.Trim('-', ':', ' ').Length == 0)) continue; // a markdown rule
            if (!int.TryParse(cells[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                warnings.Add(new ImportWarning(line.Number, $"无法识别的目录行“{line.Text.Trim()}” (a row of the list without a 序号)"));
                continue;
            }
            string? reason = null;
            var (title, number) = columns is { Reason: >= 0 } named && cells.Count > named.Reason
                ? TitleAndNumber([.. cells.Take(named.Reason)], line, warnings)
                : TitleAndNumber(cells, line, warnings);
            if (columns is { Reason: >= 0 } withReason && cells.Count > withReason.Reason && cells[withReason.Reason].Length > 0)
                reason = cells[withReason.Reason];
            var row = Row(title, reason, verb);
            current.Add(new PlannedItem(action, seq, row.Title, number, line.Number)
            {
                Verb = row.Verb, ReasonText = reason, Scope = row.Scope, Reference = row.Reference, EndedBy = row.EndedBy,
            });
        }

        foreach (var (listAction, line, rows) in lists)
        {
            for (var i = 0; i < rows.Count; i++)
                if (rows[i].Seq != i + 1)
                {
                    warnings.Add(new ImportWarning(rows[i].Line, $"{document.Number}“{DecisionPlanner.Label(listAction)}”目录序号不连续：应为{i + 1}，实为{rows[i].Seq} (the list's numbering breaks: rows missing or repeated)"));
                    break;
                }
            if (rows.Count == 0) warnings.Add(new ImportWarning(line, $"{document.Number}“{DecisionPlanner.Label(listAction)}”目录为空 (an annex list with no rows: is the gazette cut?)"));
            // A heading's count may or may not include the rows listed for reference: either reading agrees.
            if (headed.TryGetValue(line, out var said) && said != rows.Count && said != rows.Count(r => !r.Reference))
                warnings.Add(new ImportWarning(line, $"{document.Number}“{DecisionPlanner.Label(listAction)}”目录标明{said}件，实列{rows.Count}件 (the annex heading says {said}, its list has {rows.Count} rows)"));
            items.AddRange(rows);
        }

        if (lists.Count == 0) items.AddRange(FromInlineLists(body));
        if (lists.Count == 0 && items.Count == 0) items.AddRange(FromSentences(body, warnings));
        foreach (var (name, count) in announced)
        {
            var found = items.Count(i => Key(i.Action) == name && !i.Reference);
            var label = DecisionPlanner.Label(Enum.GetValues<DecisionAction>().First(a => Key(a) == name));
            if (found != count)
                warnings.Add(new ImportWarning(body.NumberLine.Number, $"{document.Number}：正文称{label}{count}件，目录中找到{found}件 (the decision announces {count} to {name}, the lists give {found}: check for a cut or a missed row)"));
        }
        if (items.Count == 0)
        {
            warnings.Add(new ImportWarning(body.NumberLine.Number, $"{document.Number}：清理决定中未找到所列文件 (a cleanup decision without any listed document)"));
            return null;
        }
        var (addressees, paragraphs, evidence) = Text(body);
        return new PlannedDecision(document.Number, document.Title, document.Issuers, document.SignedOn, document.Effective,
            items, announced, body.NumberLine.Number)
        {
            Addressees = addressees,
            Body = paragraphs.Count == 0 ? null : string.Join("\n", paragraphs),
            TextEvidence = evidence,
        };
    }

    /// <summary>
    /// The decision as printed: the addressee line (各县（区）人民政府，市政府各部门：) and the paragraphs up to the
    /// annex list or the signature, lines broken by the layout joined back into paragraphs (a paragraph ends with 。).
    /// </summary>
    private static (string? Addressees, List<string> Paragraphs, List<Evidence> Evidence) Text(BodyDocument body)
    {
        var lines = body.Lines;
        var evidence = new List<Evidence>();
        var start = 0;
        string? addressees = null;
        if (lines.Count > 0 && lines[0].Compact.Length <= 80 && (lines[0].Compact.EndsWith('：') || lines[0].Compact.EndsWith(':')))
        {
            addressees = lines[0].Text.Trim();
            evidence.Add(new Evidence(lines[0].Number, addressees, "addressees"));
            start = 1;
        }
        var paragraphs = new List<string>();
        var current = new List<string>();
        for (var i = start; i < lines.Count; i++)
        {
            var c = lines[i].Compact;
            if (c.StartsWith("附件") || GazetteLines.IsWholeDate(c, out _) || AnnexHeading(lines[i], out _) is not null
                || GazetteLines.IsOrgan(lines[i].Text) && lines.Skip(i + 1).Take(3).Any(l => GazetteLines.IsWholeDate(l.Compact, out _)))
                break;
            if (current.Count == 0) evidence.Add(new Evidence(lines[i].Number, lines[i].Text.Trim(), "body"));
            current.Add(lines[i].Text.Trim());
            if (c.EndsWith('。') || c.EndsWith('：') || c.EndsWith(':'))
            {
                paragraphs.Add(GazetteLines.JoinTitle(current));
                current.Clear();
            }
        }
        if (current.Count > 0) paragraphs.Add(GazetteLines.JoinTitle(current));
        return (addressees, paragraphs, evidence);
    }

    private static string Key(DecisionAction a) => a switch
    {
        DecisionAction.Retain => "retain",
        DecisionAction.Repeal => "repeal",
        DecisionAction.Amend => "amend",
        _ => "declare_invalid",
    };

    private static DecisionAction? ActionOf(string verbs) =>
        verbs.Contains("继续有效") ? DecisionAction.Retain
        : verbs.Contains("宣布失效") || verbs.Contains("失效") ? DecisionAction.DeclareInvalid
        : verbs.Contains("废止") || verbs.Contains("停止执行") || verbs.Contains("不再执行") || verbs.Contains("不再适用") ? DecisionAction.Repeal
        : verbs.Contains("修改") || verbs.Contains("修订") ? DecisionAction.Amend
        : verbs.Contains("保留") ? DecisionAction.Retain
        : null;

    /// <summary>
    /// 决定保留的…目录, 附件1:XX市人民政府决定废止的政策性文件目录(9件), 宣布继续有效的…目录: the action of the list that
    /// follows, and the count its heading states, if any.
    /// </summary>
    private static DecisionAction? AnnexHeading(GazetteLine line, out int? count) => AnnexHeading(line, out count, out _);

    private static DecisionAction? AnnexHeading(GazetteLine line, out int? count, out string? verb)
    {
        count = null;
        verb = null;
        var c = line.Compact;
        // 附件：1.…目录 lists the annexes; 附件：某某决定废止的…目录 heads the one annex that follows.
        if (char.IsDigit(c[0]) || (c.StartsWith("附件:") || c.StartsWith("附件：")) && c.Length > 3 && char.IsDigit(c[3])) return null;
        c = AnnexPrefix().Replace(c, "").Trim('《', '》');
        var m = Heading().Match(c);
        if (!m.Success || ActionOf(m.Groups["verbs"].Value) is not { } action) return null;
        if (m.Groups["n"].Success) count = GazetteParser.ParseCount(m.Groups["n"].Value);
        // The verb as written: 决定废止 → 废止, 予以保留 → 保留, 宣布继续有效 stays.
        verb = m.Groups["verbs"].Value.Replace("决定", "").Replace("予以", "");
        return action;
    }

    /// <summary>What a row says beyond its title, read the same for a gazette's list and a pasted one.</summary>
    public sealed record RowMeaning(string Title, PolicyRegister.Domain.Documents.PartScope? Scope, bool Reference, string? EndedBy, string? Verb);

    /// <summary>
    /// The parts a row names after the title's closing 》 (《…》第五条、第八条 → scope, title kept to 》), and whether its
    /// reason or the words after the title say it is listed for reference (已由《…》废止, 已宣布失效, 供参考). A reference
    /// row keeps the list's verb only as its own words say it (已废止), never as an act.
    /// </summary>
    public static RowMeaning Row(string title, string? reason, string? verb)
    {
        var close = title.LastIndexOf('》');
        var tail = close >= 0 && close < title.Length - 1 ? title[(close + 1)..] : null;
        var scope = PolicyRegister.Domain.Documents.PartScope.Find(tail);
        var kept = scope is not null ? title[..(close + 1)] : title;
        // (已废止) or （已由…废止） after the title, or in the reason column.
        if (RowWording.IsReference(tail, out var by, out var said) || RowWording.IsReference(reason, out by, out said))
        {
            var stripped = close >= 0 && tail is not null && RowWording.IsReference(tail, out _, out _) ? title[..(close + 1)] : kept;
            return new RowMeaning(stripped, null, true, by, said);
        }
        return new RowMeaning(kept, scope, false, null, verb);
    }

    /// <summary>A header row that names its columns (序号 | 文件名称 | 文号 | 废止理由): where the title, number and reason stand.</summary>
    private static (int Title, int Number, int Reason) Columns(IReadOnlyList<string> header) => (
        header.ToList().FindIndex(h => h.Contains("名称") || h.Contains("标题")),
        header.ToList().FindIndex(h => h.Contains("文号")),
        header.ToList().FindIndex(h => h.Contains("理由") || h.Contains("备注") || h.Contains("原因") || h.Contains("说明")));

    /// <summary>
    /// The counts the decision announces, in either order (保留34件 / 21件宣布继续有效 / 决定对以下3件…予以废止), clause by
    /// clause: a comma, ASCII or full-width, ends a clause, so "废止,对2件…宣布失效" is two counts.
    /// </summary>
    private static Dictionary<string, int> Announced(IReadOnlyList<GazetteLine> lines)
    {
        var announced = new Dictionary<string, int>();
        foreach (var line in lines.Take(60))
        {
            if (AnnexHeading(line, out _) is not null) break;
            foreach (var clause in ClauseBreak().Split(line.Compact))
            {
                // 保留…34件、废止16件、修改4件: several counts in one clause, separated by 、.
                var matches = CountVerbFirst().Matches(clause);
                if (matches.Count == 0) matches = CountNumberFirst().Matches(clause);
                foreach (Match m in matches)
                    if (ActionOf(m.Groups["verb"].Value) is { } a && GazetteParser.ParseCount(m.Groups["n"].Value) is { } n)
                        announced.TryAdd(Key(a), n);
            }
        }
        return announced;
    }

    /// <summary>
    /// A row whose cells are separated by single spaces: 1 某某办法 某政发〔2010〕1号. Split when the last token is a
    /// number; otherwise the row is taken as 序号 and title, with a warning.
    /// </summary>
    private static List<string>? SpaceSeparated(string text, out string? warning)
    {
        warning = null;
        var tokens = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2 || !tokens[0].All(char.IsAsciiDigit)) return null;
        if (tokens.Length >= 3 && DocumentNumber.TryParse(tokens[^1], out _))
            return [tokens[0], string.Join(" ", tokens[1..^1]), tokens[^1]];
        warning = $"目录行以单个空格分隔且末尾不是文号：“{text.Trim()}”，整行作为标题 (a row separated by single spaces without a number at its end: taken whole as the title)";
        return [tokens[0], string.Join(" ", tokens[1..])];
    }

    /// <summary>
    /// The cells of one list row, as a gazette or a spreadsheet paste gives them: tabs, |, wide spaces, or single
    /// spaces when the row ends with a number (else the row is taken whole, with a warning). The one row reader of the
    /// importer and of the workspace's paste form.
    /// </summary>
    public static List<string> RowCells(string text, out string? warning)
    {
        warning = null;
        var cells = Cells(text).Where(c => c.Length > 0).ToList();
        if (cells.Count < 2 && SpaceSeparated(text, out warning) is { } spaced) cells = spaced;
        return cells;
    }

    /// <summary>
    /// A decision that lists its documents in its own text, under the sentence that says what it does:
    /// 决定对以下3件政府规章予以废止： / 一、《…》（…令第2号发布） / 二、…
    /// </summary>
    private static IEnumerable<PlannedItem> FromInlineLists(BodyDocument body)
    {
        DecisionAction? action = null;
        string? verb = null;
        var seq = 0;
        foreach (var line in body.Lines)
        {
            var c = line.Compact;
            if (ListIntro().Match(c) is { Success: true } intro && ActionOf(intro.Groups["verb"].Value) is { } a && !ProceduralWording.IsProcedural(c))
            {
                (action, seq, verb) = (a, 0, intro.Groups["verb"].Value);
                continue;
            }
            if (action is null) continue;
            if (ListedItem().Match(c) is not { Success: true } item)
            {
                if (seq > 0) action = null; // the list is over
                continue;
            }
            // (2015年6月1日某某市人民政府令第12号公布，…令第20号修改): the first number, its date taken off first.
            var found = DocumentNumber.FindAll(EmbeddedDate().Replace(item.Groups["rest"].Value, " "));
            yield return new PlannedItem(action.Value, ++seq, $"《{item.Groups["t"].Value}》", found.Count > 0 ? found[0].Number.Canonical : null, line.Number)
            {
                Verb = verb,
            };
        }
    }

    private static List<string> Cells(string text)
    {
        var parts = text.Contains('\t') ? text.Split('\t') : text.Contains('|') ? text.Split('|') : WideGap().Split(text.Trim());
        var cells = parts.Select(p => p.Trim()).ToList();
        if (text.Contains('|'))
        {
            if (cells.Count > 0 && cells[0].Length == 0) cells.RemoveAt(0);
            if (cells.Count > 0 && cells[^1].Length == 0) cells.RemoveAt(cells.Count - 1);
        }
        return cells;
    }

    private static (string Title, string? Number) TitleAndNumber(List<string> cells, GazetteLine line, List<ImportWarning> warnings)
    {
        var last = cells[^1];
        if (cells.Count >= 3)
        {
            var title = string.Join("", cells.Skip(1).Take(cells.Count - 2)).Trim();
            if (DocumentNumber.TryParse(last, out var n)) return (title, n.Canonical);
            if (last.Length == 0 || last is "无" or "—" or "-" or "/") return (title, null);
            warnings.Add(new ImportWarning(line.Number, $"文号无法识别：{last} (unreadable number; the row is matched by title)"));
            return (title, null);
        }
        // Two cells: the number, if any, ends the title cell.
        var found = DocumentNumber.FindAll(last);
        return found.Count > 0 && found[^1].Index + found[^1].Length >= last.TrimEnd(')', '）').Length - 1
            ? (last[..found[^1].Index].TrimEnd('(', '（', ' '), found[^1].Number.Canonical)
            : (last, null);
    }

    /// <summary>A decision with no annex list names its documents in sentences: 决定废止《…》（…号）.</summary>
    private static IEnumerable<PlannedItem> FromSentences(BodyDocument body, List<ImportWarning> warnings)
    {
        var seq = 0;
        foreach (var line in body.Lines)
        {
            foreach (Match m in Sentence().Matches(line.Compact))
            {
                if (ActionOf(m.Groups["verb"].Value) is not { } action || ProceduralWording.IsProcedural(m.Value)) continue;
                foreach (Match t in QuotedWithNumber().Matches(m.Value))
                {
                    var number = DocumentNumber.TryParse(t.Groups["n"].Value, out var n) ? n.Canonical : null;
                    yield return new PlannedItem(action, ++seq, $"《{t.Groups["t"].Value}》", number, line.Number);
                }
            }
        }
    }

    [GeneratedRegex("保留|废止|修改|修订|宣布失效|失效|清理|停止执行|不再适用")]
    private static partial Regex ActionVerb();

    [GeneratedRegex(@"^附件\d*[:：.、]?")]
    private static partial Regex AnnexPrefix();

    // [organ]决定废止的…目录, [organ]宣布继续有效的…目录, with an optional (N件).
    [GeneratedRegex(@"^(?:.{0,30}?决定|.{0,30}?(?=(?:宣布|予以)?(?:继续有效|保留|废止|修改|修订|失效|停止执行|不再适用)))?(?<verbs>[^的]{2,12})的.{0,40}?目录(?:[(（](?<n>\d+|[一二三四五六七八九十百]+)件[)）])?$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"(?<verb>宣布继续有效|继续有效|保留|废止|修改|宣布失效|停止执行|不再适用)[^，。；、,;]{0,30}?(?<n>\d+|[一二三四五六七八九十百]+)件")]
    private static partial Regex CountVerbFirst();

    [GeneratedRegex(@"(?<n>\d+|[一二三四五六七八九十百]+)件[^，。；,;]{0,30}?(?<verb>宣布继续有效|继续有效|保留|废止|修改|宣布失效|停止执行|不再适用)")]
    private static partial Regex CountNumberFirst();

    [GeneratedRegex(@"\d{4}年\d{1,2}月\d{1,2}日")]
    private static partial Regex EmbeddedDate();

    [GeneratedRegex(@"[，。；,;]")]
    private static partial Regex ClauseBreak();

    [GeneratedRegex(@"决定.{0,40}?(?<verb>宣布继续有效|继续有效|保留|废止|修改|修订|宣布失效).{0,20}[:：]$")]
    private static partial Regex ListIntro();

    [GeneratedRegex(@"^(?:[一二三四五六七八九十百]+[、.．]|\d{1,3}[、.．])《(?<t>[^》]{2,120})》(?<rest>.*)$")]
    private static partial Regex ListedItem();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex WideGap();

    [GeneratedRegex(@"决定(?<verb>保留|废止|修改|宣布失效)[^。]*")]
    private static partial Regex Sentence();

    [GeneratedRegex(@"《(?<t>[^》]{2,120})》[(（](?<n>[^()（）]{4,40})[)）]")]
    private static partial Regex QuotedWithNumber();
}
