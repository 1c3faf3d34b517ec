using System.Text.RegularExpressions;
using PolicyRegister.Domain.Dates;

namespace PolicyRegister.Domain.Documents;

/// <summary>What a term written as text (有效期至2027年夏秋航季结束) can mean, and the date a known rule proposes for it.</summary>
/// <param name="Earliest">The earliest date the text can mean: once a legal date is past it, the term may have ended.</param>
/// <param name="Proposal">The last day of the term by a known rule, for a person to confirm; null where no rule applies.</param>
/// <param name="Rule">The rule behind the proposal, in words.</param>
public sealed record TermMeaning(DateOnly? Earliest, DateOnly? Proposal, string? Rule);

/// <summary>A text term whose earliest meaning is past on the legal date: the document may have ended.</summary>
public sealed record TermCaveat(bool Unresolved, DateOnly? Proposal, string? Text, DateOnly? Earliest);

public static partial class TermText
{
    /// <summary>
    /// A term written as text keeps a document in force; once the legal date is past the earliest date the text can
    /// mean, the answer says so (API, pages, certificate, attention list), with the date a known rule proposes.
    /// Nothing is resolved.
    /// </summary>
    public static TermCaveat Caveat(StatusAnswer answer, DateOnly on)
    {
        if (answer.Expiry is not { Resolved: false, Text: { } text }) return new(false, null, null, null);
        var term = Read(text);
        if (answer.Status != ValidityStatus.InForce || term.Earliest is not { } earliest || on <= earliest) return new(false, term.Proposal, null, term.Earliest);
        var proposal = term.Proposal is { } p ? $"（按{term.Rule}推算为{p:yyyy年M月d日}，待人工确认）" : "";
        return new(true, term.Proposal, $"有效期“{text}”的届满日待核定，可能已届满{proposal}", earliest);
    }

    /// <summary>
    /// Reads the text: a full date; an IATA season (夏秋航季 ends the day before the last Sunday of October of its
    /// year; 冬春航季 of year Y ends the day before the last Sunday of March of Y+1); the end of a year or month
    /// (2027年底, 2027年6月); a bare year (its first day is the earliest it can mean). Nothing is resolved here: the
    /// proposal waits for a person's term-resolution fact.
    /// </summary>
    public static TermMeaning Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return new(null, null, null);
        var t = TextFolding.Nfkc(text).Replace(" ", "");
        if (ChineseDate.FindAll(t) is [var (date, _, _), ..]) return new(date, date, "文字中的日期");
        if (Year().Match(t) is not { Success: true } y) return new(null, null, null);
        var year = int.Parse(y.Groups["y"].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (year is < 1949 or > 2200) return new(null, null, null);
        if (t.Contains("夏秋航季"))
        {
            var end = LastSunday(year, 10).AddDays(-1);
            return new(end, end, "夏秋航季至10月最后一个星期日的前一日 (IATA summer season)");
        }
        if (t.Contains("冬春航季"))
        {
            var end = LastSunday(year + 1, 3).AddDays(-1);
            return new(end, end, "冬春航季至次年3月最后一个星期日的前一日 (IATA winter season)");
        }
        if (Month().Match(t) is { Success: true } m && int.TryParse(m.Groups["m"].Value, out var month) && month is >= 1 and <= 12)
        {
            var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            return new(new DateOnly(year, month, 1), t.Contains("底") || t.Contains("末") ? last : null, null);
        }
        if (t.Contains(y.Value + "底") || t.Contains(y.Value + "末")) return new(new DateOnly(year, 12, 31), new DateOnly(year, 12, 31), "年底为12月31日");
        return new(new DateOnly(year, 1, 1), null, null);
    }

    public static DateOnly LastSunday(int year, int month)
    {
        var day = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (day.DayOfWeek != DayOfWeek.Sunday) day = day.AddDays(-1);
        return day;
    }

    [GeneratedRegex(@"(?<y>\d{4})年")]
    private static partial Regex Year();

    [GeneratedRegex(@"\d{4}年(?<m>\d{1,2})月")]
    private static partial Regex Month();
}
