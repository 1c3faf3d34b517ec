using System.Globalization;
using System.Text.RegularExpressions;
using PolicyRegister.Domain.Dates;

namespace PolicyRegister.Domain.Numbers;

/// <summary>
/// What a person types into a search box to find a number, which is looser than a number as printed: brackets left
/// out (卫政规发2024年1号, 卫政规发 2024 1号), 号 left out (卫政规发〔2024〕1), or only the series (卫政规发〔2024〕,
/// 卫政规发2024) to list it. Only for searching: imports and writes keep <see cref="DocumentNumber"/>'s strict form.
/// </summary>
public sealed partial record NumberQuery(DocumentNumber? Exact, string? KeyPrefix)
{
    public static NumberQuery? Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 80) return null;
        if (DocumentNumber.TryParse(text, out var strict)) return new(strict, null);
        var folded = TextFolding.Nfkc(text).Trim();
        var m = Loose().Match(folded);
        if (!m.Success) return null;
        var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
        if (year is < 1949 or > 2100) return null;
        var code = m.Groups["code"].Value.Trim();
        if (m.Groups["serial"].Success)
            return DocumentNumber.TryParse($"{code}〔{year}〕{m.Groups["serial"].Value}号", out var exact) ? new(exact, null) : null;
        // A series: every number of the issuer code and year; the key of each starts with this.
        return code.Length >= 2 ? new(null, $"{code}〔{year}〕") : null;
    }

    [GeneratedRegex(@"^(?<code>[\p{IsCJKUnifiedIdeographs}A-Za-z]{2,30}?)\s*[〔\[［【﹝(（]?\s*(?<year>(?:19|20)\d{2})\s*年?\s*[〕\]］】﹞)）]?\s*(?:第\s*)?(?:(?<serial>\d{1,6})\s*号?)?$")]
    private static partial Regex Loose();
}
