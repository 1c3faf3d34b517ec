using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Gazettes;

public sealed record Clauses(PlannedEffective? Effective, PlannedExpiry? Expires, IReadOnlyList<PlannedRepeal> Repeals);

/// <summary>
/// 自…起施行 / 实施, 有效期至… / 有效期限至… / 有效期N年, and 同时废止 / 停止执行 of earlier documents,
/// read over the body with white space removed so that a date or phrase broken across lines still reads whole.
/// </summary>
public static partial class LifecycleClauses
{
    public static Clauses Read(IReadOnlyList<GazetteLine> lines, DateOnly? signedOn, List<Evidence> evidence, List<ImportWarning> warnings, string number)
    {
        var (text, lineAt) = Compact(lines);

        PlannedEffective? effective = null;
        var effectiveMatches = Effective().Matches(text).Cast<Match>().ToList();
        var chosen = effectiveMatches.LastOrDefault(m => m.Groups["subject"].Success) ?? effectiveMatches.LastOrDefault();
        if (chosen is not null)
        {
            var when = chosen.Groups["when"].Value;
            effective = when switch
            {
                _ when when.Contains("公布之日") || when.Contains("公告之日") || when.Contains("发布之日") && when.Contains("公开") => new PlannedEffective(null, EffectiveRule.OnPublication),
                _ when when.Contains("印发之日") || when.Contains("发布之日") || when.Contains("下发之日") || when.Contains("签发之日") || when.Contains("发文之日") => new PlannedEffective(null, EffectiveRule.OnSigning),
                _ when ChineseDate.TryParse(when, out var d) => new PlannedEffective(d, null),
                _ => null,
            };
            var sentence = Sentence(text, chosen.Index);
            if (effective is null) warnings.Add(new ImportWarning(lineAt[chosen.Index], $"{number}：施行日期无法识别“{sentence}” (effective clause not understood; left unknown)"));
            else evidence.Add(new Evidence(lineAt[chosen.Index], sentence, "effective"));
        }
        else if (Delayed().Match(text) is { Success: true } delayed)
        {
            warnings.Add(new ImportWarning(lineAt[delayed.Index], $"{number}：延期施行条款需人工核定“{Sentence(text, delayed.Index)}” (a delayed effective date needs a person)"));
        }

        PlannedExpiry? expires = null;
        if (Until().Matches(text).Cast<Match>().LastOrDefault() is { } until)
        {
            var raw = until.Groups["until"].Value.TrimEnd('止');
            expires = ChineseDate.TryParse(raw, out var d) ? new PlannedExpiry(d, null) : new PlannedExpiry(null, raw);
            evidence.Add(new Evidence(lineAt[until.Index], Sentence(text, until.Index), "expires"));
        }
        else if (Years().Matches(text).Cast<Match>().LastOrDefault() is { } years && GazetteParser.ParseCount(years.Groups["n"].Value) is { } n and > 0)
        {
            DateOnly? start = effective?.On ?? (effective?.Rule == EffectiveRule.OnSigning ? signedOn : null);
            expires = start is { } s ? new PlannedExpiry(s.AddYears(n).AddDays(-1), null) : new PlannedExpiry(null, $"自施行之日起{n}年");
            evidence.Add(new Evidence(lineAt[years.Index], Sentence(text, years.Index), "expires"));
        }

        var repeals = new List<PlannedRepeal>();
        foreach (Match m in Repeal().Matches(text))
        {
            var sentence = Sentence(text, m.Index);
            var numbers = DocumentNumber.FindAll(sentence);
            var titles = QuotedTitle().Matches(sentence).Select(t => t.Groups["t"].Value).ToList();
            if (numbers.Count == 0 && titles.Count == 0) continue; // "不得随意停止执行" names nothing
            if (ProceduralWording.IsProcedural(sentence)) continue; // "…相抵触的，同时废止", "拟废止《…》": no act
            var line = lineAt[m.Index];
            if (numbers.Count == 0) repeals.AddRange(titles.Select(t => new PlannedRepeal(null, t, line)));
            else repeals.AddRange(numbers.Select((x, i) => new PlannedRepeal(x.Number.Canonical, i < titles.Count ? titles[i] : null, line)));
            evidence.Add(new Evidence(line, sentence, "repeals"));
        }
        return new Clauses(effective, expires, repeals.DistinctBy(r => (r.Number, r.Title)).ToList());
    }

    /// <summary>Paragraphs that end a sentence, a signature or a date are kept apart; a line broken mid-sentence (or mid-date) is joined.</summary>
    public const char Break = '\u2029';

    private static (string Text, int[] LineAt) Compact(IReadOnlyList<GazetteLine> lines)
    {
        var sb = new StringBuilder();
        var map = new List<int>();
        foreach (var line in lines)
        {
            if (sb.Length > 0 && (EndsParagraph(sb[^1]) || GazetteLines.IsOrgan(line.Text) || GazetteLines.IsWholeDate(line.Text, out _)))
            {
                sb.Append(Break);
                map.Add(line.Number);
            }
            foreach (var ch in line.Text)
            {
                if (char.IsWhiteSpace(ch)) continue;
                sb.Append(ch);
                map.Add(line.Number);
            }
        }
        map.Add(lines.Count > 0 ? lines[^1].Number : 0);
        return (sb.ToString(), [.. map]);
    }

    private static bool EndsParagraph(char c) => c is '。' or '；' or ';' or '！' or '？' or '：' or ':' or '）' or ')' or '」';

    /// <summary>The sentence around a position: from the previous 。；or line-start to the next 。.</summary>
    private static string Sentence(string text, int index)
    {
        var start = text.LastIndexOfAny(['。', '；', ';', Break], Math.Max(0, index - 1)) + 1;
        if (index - start > 120) start = index - 60;
        var end = text.IndexOfAny(['。', Break], index);
        end = end < 0 ? Math.Min(text.Length, index + 120) : Math.Min(end + 1, index + 160);
        return text[start..end];
    }

    [GeneratedRegex(@"(?<subject>本(?:实施)?(?:办法|规定|决定|通知|意见|方案|细则|制度|规则|条例|标准|措施|规划|计划|文件|公告|通告|批复|纲要))?(?:自|从)(?<when>[^，。；,;：:自从\u2029]{2,30}?)起(?:施行|实施|执行|生效)")]
    private static partial Regex Effective();

    [GeneratedRegex(@"自[^，。；]{2,20}?起(?:\d+|[一二三四五六七八九十]+)(?:日|个月)后(?:施行|实施)")]
    private static partial Regex Delayed();

    [GeneratedRegex(@"有效期(?:限)?(?:至|到|截至)(?<until>[^，。；,;）)\u2029]{2,40})")]
    private static partial Regex Until();

    [GeneratedRegex(@"有效期(?:限)?(?:为|是)?(?<n>[0-9一二三四五六七八九十]{1,3})年")]
    private static partial Regex Years();

    [GeneratedRegex(@"同时废止|停止执行|同时失效|不再执行|予以废止")]
    private static partial Regex Repeal();

    [GeneratedRegex(@"《(?<t>[^《》]{4,120})》")]
    private static partial Regex QuotedTitle();
}
