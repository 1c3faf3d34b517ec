using System.Security.Claims;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Publishing;

namespace PolicyRegister.Web.Site;

/// <summary>What every page shows around its content: who is signed in, the form token, today in Beijing.</summary>
public sealed record LayoutInfo(string Title, string? User, string? Role, string Token, string Path, string Today, bool Staff)
{
    /// <summary>The divisions the register already keeps, offered by forms that ask for a jurisdiction (see <see cref="SitePages.OfferJurisdictions"/>).</summary>
    public IReadOnlyList<JurisdictionOption> JurisdictionChoices { get; init; } = [];

    /// <summary>&lt;link rel="canonical"&gt; and &lt;link rel="alternate"&gt; in the head (see <see cref="SitePages.Links"/>).</summary>
    public string Canonical { get; init; } = "";
    public IReadOnlyList<AlternateLink> Alternates { get; init; } = [];
}

public sealed record AlternateLink(string Type, string Href, string Title);

public sealed record SitePage(LayoutInfo Layout, object Page);

public sealed record Badge(string Code, string Text);

/// <summary>Pages are server-rendered from Scriban templates (templates/site-*.html.sbn), escaped like every HTML output.</summary>
public static class SitePages
{
    public static IResult Render(HttpContext http, string template, string title, object page, int status = StatusCodes.Status200OK)
    {
        var templates = http.RequestServices.GetRequiredService<TemplateStore>();
        var clock = http.RequestServices.GetRequiredService<TimeProvider>();
        var user = http.User.Identity is { IsAuthenticated: true, AuthenticationType: ConfigureAuth.CookieScheme } ? http.User : null;
        // Only pages with a form that posts (the workspace, sign-in, the signed-in header's sign-out) get an antiforgery
        // token: a public page sets no cookie and stays cacheable.
        var posts = user is not null || http.Request.Path.StartsWithSegments("/staff");
        var layout = new LayoutInfo(title, user?.FindFirstValue("display") ?? user?.Identity?.Name, user?.FindFirstValue(ClaimTypes.Role),
            posts ? Forms.Token(http) : "", http.Request.Path + http.Request.QueryString, Printed.Iso(RegisterCalendar.Today(clock.GetUtcNow())),
            http.Request.Path.StartsWithSegments("/staff"))
        {
            JurisdictionChoices = http.Items.TryGetValue(ChoicesKey, out var choices) && choices is IReadOnlyList<JurisdictionOption> list ? list : [],
            Canonical = http.Items.TryGetValue(CanonicalKey, out var canonical) && canonical is string c ? c : "",
            Alternates = http.Items.TryGetValue(AlternatesKey, out var alternates) && alternates is IReadOnlyList<AlternateLink> a ? a : [],
        };
        var html = templates.Render(template, new SitePage(layout, page), OutputFormat.Html);
        return Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }

    private const string ChoicesKey = "jurisdiction-choices";
    private const string CanonicalKey = "canonical";
    private const string AlternatesKey = "alternates";

    /// <summary>The page's canonical URI and its data forms, for the head (machines find the data from the page).</summary>
    public static void Links(HttpContext http, string canonical, params AlternateLink[] alternates)
    {
        http.Items[CanonicalKey] = canonical;
        http.Items[AlternatesKey] = alternates;
    }

    /// <summary>
    /// A form's jurisdiction field offers the divisions the register keeps (a datalist: code and name); whatever is
    /// typed is still resolved against the division table, and an unknown or ambiguous name is refused with candidates.
    /// </summary>
    public static async Task OfferJurisdictions(HttpContext http, Marten.IQuerySession session) =>
        http.Items[ChoicesKey] = await RegisterPages.Jurisdictions(session, http.RequestAborted);

    public static Badge BadgeOf(ValidityStatus s) => new(Printed.Code(s), Printed.Status(s));

    /// <summary>The badge of an answer: in force with parts ended reads 部分废止 or 部分失效 (the rest stays in force).</summary>
    public static Badge BadgeOf(StatusAnswer a) => a.PartiallyEnded
        ? new(Printed.Code(a.Status), a.PartsEnded.All(p => p.As == ValidityStatus.DeclaredInvalid) ? "部分失效" : "部分废止")
        : BadgeOf(a.Status);

    /// <summary>部分废止: which parts ended, when and by what; empty when none.</summary>
    public static string PartsLine(StatusAnswer a) => !a.PartiallyEnded ? "" : string.Join("；", a.PartsEnded.Select(p =>
        $"{p.Scope.Describe()}自{Printed.Date(p.On)}起{(p.Verb is { Length: > 0 } v && !v.StartsWith('已') ? v : p.As == ValidityStatus.DeclaredInvalid ? "失效" : "废止")}（依据{p.Basis.Number}）"))
        + "，其余部分继续有效";

    /// <summary>已核对至…（依据…）, or that nobody has checked the status yet.</summary>
    public static string CheckedLine(Jurisdictions.CheckView? check) => check is null
        ? "登记簿尚未核对该文件的效力状态"
        : $"已核对至{Printed.Date(check.On)}（依据{check.AgainstText}{(check.Reference is { Length: > 0 } r ? "：" + r : "")}{(check.Level == "jurisdiction" ? "，全辖区核对" : "")}）";

    public static string Url(string path, params (string Key, string? Value)[] query) =>
        path + (query.Any(q => !string.IsNullOrEmpty(q.Value))
            ? "?" + string.Join("&", query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value!)}"))
            : "");

    /// <summary>，有效期至… in the same line as since when (a text term says that its last day awaits confirmation).</summary>
    private static string Until(StatusAnswer a) => a.Expiry switch
    {
        { Resolved: true, On: { } on } => $"，有效期至{Printed.Date(on)}",
        { Text: { } text } => $"，有效期至{text}（届满日待核定）",
        _ => "",
    };

    public static string BasisLine(StatusAnswer a) => a.Status switch
    {
        ValidityStatus.InForce when a.Basis?.Number is { } n && a.Since is { } s => $"自{Printed.Date(s)}起施行{Until(a)}{(a.PendingAmendment ? "，已决定修改" : "")}（依据{n}）",
        ValidityStatus.InForce when a.Since is { } s => $"自{Printed.Date(s)}起施行{Until(a)}",
        ValidityStatus.Repealed or ValidityStatus.DeclaredInvalid when a.Basis?.Number is { } n => $"{n}决定，自{Printed.Date(a.Since)}起{Printed.Status(a.Status).TrimStart('已')}",
        ValidityStatus.Expired => $"有效期届满，自{Printed.Date(a.Since)}起失效",
        ValidityStatus.NotYetEffective when a.EffectiveOn is { } e => $"自{Printed.Date(e)}起施行",
        ValidityStatus.NotYetEffective => "尚未施行",
        _ => "登记簿中尚无足以判断效力的记录",
    };
}
