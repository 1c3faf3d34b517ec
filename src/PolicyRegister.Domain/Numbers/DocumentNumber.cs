using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PolicyRegister.Domain.Dates;

namespace PolicyRegister.Domain.Numbers;

/// <summary>
/// A document number (文号) such as 卫政办规发〔2019〕1号, 宁卫新出管字〔2019〕第0053号, 卫党干字〔2024〕11、15号
/// or an order number such as 国务院令第417号. <see cref="Canonical"/> is the form the register prints;
/// <see cref="Key"/> is what two written forms of the same number share (no 第, no leading zeros).
/// </summary>
public sealed partial record DocumentNumber
{
    public string IssuerCode { get; }
    public int? Year { get; }
    public IReadOnlyList<string> Serials { get; }
    public bool HasDi { get; }
    public bool IsOrder => Year is null;
    public string Canonical { get; }
    public string Key { get; }

    private DocumentNumber(string issuerCode, int? year, IReadOnlyList<string> serials, bool hasDi)
    {
        IssuerCode = issuerCode;
        Year = year;
        Serials = serials;
        HasDi = hasDi;
        var serialText = string.Join("、", serials);
        Canonical = year is null
            ? $"{issuerCode}第{serialText}号"
            : $"{issuerCode}〔{year}〕{(hasDi ? "第" : "")}{serialText}号";
        var keySerials = string.Join("、", serials.Select(s => s.TrimStart('0') is { Length: > 0 } t ? t : "0"));
        Key = year is null ? $"{issuerCode}第{keySerials}号" : $"{issuerCode}〔{year}〕{keySerials}号";
    }

    public override string ToString() => Canonical;

    public bool Equals(DocumentNumber? other) => other is not null && other.Key == Key;
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public static DocumentNumber Parse(string? text) =>
        TryParse(text, out var number, out var error) ? number : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out DocumentNumber? number) =>
        TryParse(text, out number, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out DocumentNumber? number, [NotNullWhen(false)] out string? error)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "文号为空 (the document number is empty)";
            return false;
        }
        if (text.Length > 80)
        {
            error = "文号过长 (a document number has at most 80 characters)";
            return false;
        }

        var s = Normalize(text);
        if (s.Length == 0)
        {
            error = "文号为空 (the document number is empty)";
            return false;
        }

        var m = Standard().Match(s);
        if (m.Success)
        {
            var year = int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture);
            if (year is < 1949 or > 2100)
            {
                error = $"年份 {year} 不合理 (the year in '{text.Trim()}' must be between 1949 and 2100)";
                return false;
            }
            var code = FixIssuerCode(m.Groups["code"].Value);
            var serials = SplitSerials(m.Groups["serials"].Value);
            if (serials.Count == 0)
            {
                error = $"缺少序号 (no serial number in '{text.Trim()}')";
                return false;
            }
            number = new DocumentNumber(code, year, serials, m.Groups["di"].Success);
            error = null;
            return true;
        }

        m = Order().Match(s);
        if (m.Success)
        {
            number = new DocumentNumber(FixIssuerCode(m.Groups["code"].Value), null, [m.Groups["serial"].Value], true);
            error = null;
            return true;
        }

        error = Explain(text.Trim(), s);
        return false;
    }

    /// <summary>Finds every number written in a longer text (a heading, a table row, a sentence).</summary>
    public static IReadOnlyList<(DocumentNumber Number, int Index, int Length)> FindAll(string text)
    {
        var found = new List<(DocumentNumber, int, int)>();
        foreach (Match m in Embedded().Matches(text))
        {
            var skip = LeadingWords(m.Value);
            if (TryParse(m.Value[skip..], out var n)) found.Add((n, m.Index + skip, m.Length - skip));
        }
        return found;
    }

    // In running text the match may start with the words before an issuer code: 和卫政办发…, 根据卫政发….
    private static readonly string[] Connectors = ["根据", "依据", "按照", "参照", "印发", "废止", "修改", "执行", "和", "及", "与", "或", "并", "暨", "即", "的", "按"];

    private static int LeadingWords(string match)
    {
        var skip = 0;
        bool again;
        do
        {
            again = false;
            foreach (var c in Connectors)
            {
                var rest = match.Length - skip - c.Length;
                if (match.AsSpan(skip).StartsWith(c) && rest > 0 && !IsBracketOrDigit(match[skip + c.Length]) && CodeLength(match, skip + c.Length) >= 2)
                {
                    skip += c.Length;
                    again = true;
                    break;
                }
            }
        } while (again);
        return skip;
    }

    private static bool IsBracketOrDigit(char ch) => char.IsDigit(ch) || "〔[［【﹝〖(（".Contains(ch);

    private static int CodeLength(string s, int from)
    {
        var i = from;
        while (i < s.Length && !IsBracketOrDigit(s[i]) && !char.IsWhiteSpace(s[i]) && s[i] != '令') i++;
        return i - from;
    }

    private static string Explain(string original, string normalized)
    {
        if (!normalized.EndsWith('号')) return $"文号应以“号”结尾 ('{original}' does not end with 号)";
        if (!normalized.Contains('〔') && !normalized.Contains('令'))
            return $"缺少用〔〕括起的年份 ('{original}' has no year in brackets such as 〔2023〕, and is not an order number such as 国务院令第417号)";
        if (normalized.StartsWith('〔')) return $"缺少发文机关代字 ('{original}' has no issuer code before the year)";
        return $"无法识别的文号 ('{original}' is not of the form 代字〔年份〕序号号)";
    }

    /// <summary>Folds the written variants: full-width digits and letters, every bracket style, spaces and line breaks, wrapping parentheses.</summary>
    internal static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in TextFolding.Nfkc(text))
        {
            if (char.IsWhiteSpace(ch) || ch is '\u200b' or '\ufeff' or '·') continue;
            sb.Append(ch switch
            {
                '[' or '［' or '【' or '〖' or '﹝' or '(' or '（' or '{' or '｛' or '〔' => '〔',
                ']' or '］' or '】' or '〗' or '﹞' or ')' or '）' or '}' or '｝' or '〕' => '〕',
                '，' or ',' or '､' => '、',
                _ => ch,
            });
        }
        var s = sb.ToString();
        // A number quoted in a table of contents: (卫政规发[2022]1号) — drop the wrapping pair.
        if (s.Length > 2 && s[0] == '〔' && s[^1] == '〕' && s.IndexOf('〔', 1) > 0) s = s[1..^1];
        s = s.TrimEnd('。', '.', ';', '；', ':', '：');
        return OcrDigits().Replace(s, m => m.Value.Replace('O', '0').Replace('o', '0').Replace('l', '1').Replace('I', '1'));
    }

    // 千 is never part of an issuer code, but OCR often reads 干 (cadres: 干发, 干字) as 千.
    private static string FixIssuerCode(string code) => code.Replace("千发", "干发").Replace("千字", "干字");

    private static List<string> SplitSerials(string serials) =>
        serials.Split('、', StringSplitOptions.RemoveEmptyEntries).ToList();

    [GeneratedRegex(@"^(?<code>[\p{IsCJKUnifiedIdeographs}A-Za-z]{1,30})〔(?<year>\d{4})〕(?<di>第)?(?<serials>\d{1,6}(?:、\d{1,6})*)号$")]
    private static partial Regex Standard();

    [GeneratedRegex(@"^(?<code>[\p{IsCJKUnifiedIdeographs}]{1,30}令)第?(?<serial>\d{1,6})号$")]
    private static partial Regex Order();

    // Digit runs with OCR letters inside the year or serial position only.
    [GeneratedRegex(@"(?<=〔)[0-9Ool]{4}(?=〕)|(?<=〕第?)[0-9OolI]{1,6}(?=号)")]
    private static partial Regex OcrDigits();

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}A-Za-z]{1,30}\s*[〔\[［【﹝〖(（]\s*[0-9０-９]{4}\s*[〕\]］】﹞〗)）]\s*第?\s*[0-9０-９]{1,6}(?:\s*[、,，]\s*[0-9０-９]{1,6})*\s*号|[\p{IsCJKUnifiedIdeographs}]{1,30}令\s*第\s*[0-9０-９]{1,6}\s*号")]
    private static partial Regex Embedded();
}
