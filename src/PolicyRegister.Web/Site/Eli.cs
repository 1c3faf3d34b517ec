using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Web.Site;

/// <summary>
/// Permanent URIs in the manner of the European Legislation Identifier, built from what lasts — the division code and
/// the parts of the canonical number — never from a storage id that a re-import changes:
/// <c>/eli/{division}/{year}/{issuer-code}/{serial}</c>, with <c>/{yyyy-mm-dd}</c> for the document as it stood on
/// that date and <c>/data.json</c>, <c>/data.csv</c> for its data. A document without a dated number keeps
/// <c>/documents/{id}</c>.
/// </summary>
public static class Eli
{
    public const string Root = "/eli";

    /// <summary>The serial as the number key holds it (leading zeros dropped, joint serials joined by 、), so 01号 and 1号 share one URI.</summary>
    public static string? Path(string jurisdiction, string? number)
    {
        if (number is null || !DocumentNumber.TryParse(number, out var n) || n.Year is not { } year) return null;
        var serial = string.Join("、", n.Serials.Select(s => s.TrimStart('0') is { Length: > 0 } t ? t : "0"));
        return $"{Root}/{Uri.EscapeDataString(jurisdiction)}/{year}/{Uri.EscapeDataString(n.IssuerCode)}/{Uri.EscapeDataString(serial)}";
    }

    public static string Of(Document d) => Path(d.Jurisdiction, d.Number) ?? $"/documents/{d.Id}";

    public static string Of(string jurisdiction, string? number, Guid id) => Path(jurisdiction, number) ?? $"/documents/{id}";

    public static string OnDate(string uri, DateOnly date) => $"{uri}/{date:yyyy-MM-dd}";

    /// <summary>The document a URI's parts name, or null (an unknown division, a number that does not parse, no such document).</summary>
    public static async Task<Document?> Resolve(IQuerySession session, string division, int year, string issuer, string serial, CancellationToken token)
    {
        if (!DocumentNumber.TryParse($"{issuer}〔{year}〕{serial}号", out var number)) return null;
        var code = Domain.Jurisdictions.Divisions.Canonical(division);
        var key = number.Key;
        return await session.Query<Document>().FirstOrDefaultAsync(d => d.Jurisdiction == code && d.NumberKey == key, token);
    }
}
