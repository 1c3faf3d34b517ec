using System.Text;

namespace PolicyRegister.Domain.Dates;

public static class TextFolding
{
    /// <summary>NFKC folding (full-width digits and brackets to ASCII) that never throws: lone surrogates become U+FFFD first.</summary>
    public static string Nfkc(string text)
    {
        var clean = text;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            clean = Repair(text);
            break;
        }
        return clean.Normalize(NormalizationForm.FormKC);
    }

    private static string Repair(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sb.Append(c).Append(text[++i]); }
            else sb.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
        }
        return sb.ToString();
    }
}
