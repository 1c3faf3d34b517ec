using System.Text.Encodings.Web;
using System.Text.Json;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;

namespace PolicyRegister.Web.Site;

/// <summary>
/// schema.org <c>Legislation</c> for a document page: identifier, dates, legal force on the page's date (InForce,
/// NotInForce, PartiallyInForce), jurisdiction, issuers, and the act that ended it. Serialised with every markup
/// character escaped, so the result can stand inside a script element as it is (see ScriptModel.JsonLdMember).
/// </summary>
public static class JsonLd
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.Default, WriteIndented = false };

    public static string Legislation(Document doc, StatusAnswer answer, string url, Func<string, string> absolute, IReadOnlyList<string>? changes = null)
    {
        var force = answer.Status switch
        {
            ValidityStatus.InForce when answer.PartiallyEnded => "https://schema.org/PartiallyInForce",
            ValidityStatus.InForce => "https://schema.org/InForce",
            ValidityStatus.Unknown => null,
            _ => "https://schema.org/NotInForce",
        };
        var data = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Legislation",
            ["@id"] = absolute(url),
            ["url"] = absolute(url),
            ["name"] = doc.Title,
            ["inLanguage"] = "zh-CN",
            ["legislationIdentifier"] = doc.Number,
            ["legislationType"] = doc.Kind switch { DocumentKind.Rule => "政府规章", DocumentKind.Normative => "行政规范性文件", _ => "其他文件" },
            ["legislationDate"] = doc.SignedOn?.ToString("yyyy-MM-dd"),
            ["datePublished"] = doc.Publication?.On?.ToString("yyyy-MM-dd"),
            ["legislationLegalForce"] = force,
            ["legislationJurisdiction"] = Divisions.ByCode(doc.Jurisdiction) is { } d ? Divisions.FullName(d) : doc.Jurisdiction,
            ["legislationPassedBy"] = doc.Issuers.Select(i => new Dictionary<string, string> { ["@type"] = "GovernmentOrganization", ["name"] = i }).ToList(),
            ["expires"] = doc.ExpiresOn?.ToString("yyyy-MM-dd"),
            ["isBasedOn"] = answer.Status is ValidityStatus.Repealed or ValidityStatus.DeclaredInvalid && answer.Basis?.Number is { } n
                ? new Dictionary<string, string> { ["@type"] = "Legislation", ["legislationIdentifier"] = n } : null,
            // A cleanup decision changes (repeals, declares invalid, amends) the documents its annex names.
            ["legislationChanges"] = changes is { Count: > 0 }
                ? changes.Select(c => new Dictionary<string, string> { ["@type"] = "Legislation", ["legislationIdentifier"] = c }).ToList() : null,
        };
        return JsonSerializer.Serialize(data.Where(kv => kv.Value is not null).ToDictionary(), Options);
    }
}
