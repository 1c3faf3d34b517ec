using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PolicyRegister.Domain.Dates;

/// <summary>
/// Dates as Chinese official documents write them: 2023年12月19日, 2023 年 12 月
/// 19 日 (split across lines), 二〇二三年十二月十九日, and ISO 2023-12-19.
/// </summary>
public static partial class ChineseDate
{
    public static DateOnly Parse(string? text) =>
        TryParse(text, out var date, out var error) ? date : throw new FormatException(error);

    public static bool TryParse(string? text, out DateOnly date) => TryParse(text, out date, out _);

    public static bool TryParse(string? text, out DateOnly date, [NotNullWhen(false)] out string? error)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "日期为空 (the date is empty)";
            return false;
        }
        if (text.Length > 60)
        {
            error = "日期过长 (a date has at most 60 characters)";
            return false;
        }
        var s = Fold(text);
        var m = Whole().Match(s);
        if (!m.Success)
        {
            error = $"无法识别的日期 ('{text.Trim()}' is not a date such as 2023年12月19日 or 2023-12-19)";
            return false;
        }
        return Build(m, out date, out error);
    }

    /// <summary>Finds every full date (year, month and day) in a longer text, including across line breaks.</summary>
    public static IReadOnlyList<(DateOnly Date, int Index, int Length)> FindAll(string text)
    {
        var found = new List<(DateOnly, int, int)>();
        foreach (Match m in Embedded().Matches(text))
        {
            var folded = Whole().Match(Fold(m.Value));
            if (folded.Success && Build(folded, out var d, out _)) found.Add((d, m.Index, m.Length));
        }
        return found;
    }

    private static bool Build(Match m, out DateOnly date, [NotNullWhen(false)] out string? error)
    {
        date = default;
        var y = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        var mo = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        var d = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture);
        if (y is < 1900 or > 2200 || mo is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, mo))
        {
            error = $"日期不存在 ({y}-{mo}-{d} is not a calendar date)";
            return false;
        }
        date = new DateOnly(y, mo, d);
        error = null;
        return true;
    }

    /// <summary>Removes white space and turns full-width and Chinese numerals into ASCII digits.</summary>
    private static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in TextFolding.Nfkc(text))
        {
            if (char.IsWhiteSpace(ch)) continue;
            sb.Append(ch);
        }
        return ChineseNumerals().Replace(Zeros().Replace(sb.ToString(), "〇"), m => ConvertChineseRun(m.Value));
    }

    // 二〇二三 is read digit by digit; 十二 and 二十九 are read as numbers.
    private static string ConvertChineseRun(string run)
    {
        const string digits = "〇零一二三四五六七八九";
        if (!run.Contains('十'))
        {
            var sb = new StringBuilder();
            foreach (var ch in run)
            {
                var i = digits.IndexOf(ch);
                sb.Append(i <= 1 ? 0 : i - 1);
            }
            return sb.ToString();
        }
        var parts = run.Split('十');
        var tens = parts[0].Length == 0 ? 1 : Math.Max(0, digits.IndexOf(parts[0][^1]) - 1);
        var ones = parts[1].Length == 0 ? 0 : Math.Max(0, digits.IndexOf(parts[1][0]) - 1);
        return (tens * 10 + ones).ToString(CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("[〇零一二三四五六七八九十]+")]
    private static partial Regex ChineseNumerals();

    // Typesetters write the zero of 二〇一〇 as a circle (○ ◯) or a Latin O; beside Chinese numerals it is 〇.
    [GeneratedRegex("[○◯]|(?<=[〇零一二三四五六七八九○◯])[Oo]|[Oo](?=[〇零一二三四五六七八九○◯])")]
    private static partial Regex Zeros();

    [GeneratedRegex(@"^(?<y>\d{4})(?:年|-|/|\.)(?<m>\d{1,2})(?:月|-|/|\.)(?<d>\d{1,2})日?$")]
    private static partial Regex Whole();

    [GeneratedRegex(@"(?:[0-9０-９]\s*){4}年\s*(?:[0-9０-９]\s*){1,2}月\s*(?:[0-9０-９]\s*){1,2}日|[〇○◯Oo零一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日")]
    private static partial Regex Embedded();
}

/// <summary>The register's legal calendar: Beijing time, whatever the server's zone.</summary>
public static class RegisterCalendar
{
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    private static TimeZoneInfo FindZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "CST"); }
    }
}
