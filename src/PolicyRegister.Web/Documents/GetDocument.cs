using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Documents;

public sealed record DocumentDetails(
    Guid Id, long Version, string? Number, string Title, IReadOnlyList<string> AlternativeTitles,
    IReadOnlyList<string> Issuers, string Jurisdiction, string JurisdictionName, DocumentKind Kind, DateOnly? SignedOn,
    Publication? Publication, bool Trial, IReadOnlyList<string> Instruments, string? Source,
    bool KnownOnlyFromDecisions, StatusView Status, IReadOnlyList<TimelineEntry> Timeline)
{
    /// <summary>The document's permanent URI (ELI style, see <see cref="Site.Eli"/>): what to cite and store instead of the id.</summary>
    public string Uri { get; init; } = "";
}

/// <summary>GET /api/documents/{id}: the document, its status today and its full timeline (legal date and recorded time of each fact).</summary>
public static class GetDocumentEndpoint
{
    [WolverineGet("/api/documents/{id}")]
    public static async Task<IResult> Get(
        Guid id, IQuerySession session, TimeProvider clock, Jurisdictions.JurisdictionChecks checks, Site.PublicUrls urls, HttpContext http, CancellationToken token)
    {
        var (doc, events) = await DocumentReads.LoadAsOf(session, id, null, token);
        if (doc is null) return Problems.NotFound($"登记簿中没有文件 {id} (no document {id})").ToResult();
        DocumentReads.TryParseOn(null, clock, out var today);
        var upToDate = await DocumentReads.UpToDateAsOf(session, null, token);
        var check = await checks.For(doc.Jurisdiction, null, session, token);
        return Results.Ok(Details(doc, DocumentReads.Status(doc, events[^1].Version, today, null, events[^1].Timestamp, upToDate, check), DocumentReads.TimelineOf(events, names: await Staff(http)), urls));
    }

    /// <summary>Staff (an API key, or a staff session) see who recorded each fact; the public sees the office's role.</summary>
    public static async Task<bool> Staff(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
        || (await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.AuthenticateAsync(http, Auth.ApiKeyHandler.SchemeName)).Succeeded;

    /// <summary>The document's details; its version is the one its status was read at.</summary>
    public static DocumentDetails Details(Document d, StatusView status, IReadOnlyList<TimelineEntry> timeline, Site.PublicUrls urls) =>
        new(d.Id, status.Version, d.Number, d.Title, d.AlternativeTitles, d.Issuers, d.Jurisdiction,
            Domain.Jurisdictions.Divisions.NameOf(d.Jurisdiction), d.Kind, d.SignedOn,
            d.Publication, d.Trial, d.Instruments, d.Source, d.KnownOnlyFromDecisions, status, timeline) { Uri = urls.Absolute(Site.Eli.Of(d)) };
}
