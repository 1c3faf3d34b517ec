using PolicyRegister.Web.Publishing;

namespace PolicyRegister.Web.Infrastructure;

/// <summary>
/// Headers on every response: a Content-Security-Policy without 'unsafe-inline' (the templates' own style blocks
/// are allowed by hash), nosniff, a referrer policy, and no framing. The API reference page (/api/docs) runs the
/// reference's own scripts and styles, so it keeps a looser policy of its own.
/// </summary>
public static class SecurityHeaders
{
    public static void UseSecurityHeaders(this WebApplication app)
    {
        var styles = string.Join(" ", app.Services.GetRequiredService<TemplateStore>().StyleHashes());
        var policy = $"default-src 'self'; img-src 'self' data:; style-src 'self' {styles}; script-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        const string reference = "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline' https:; script-src 'self' 'unsafe-inline' https:; "
            + "font-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/api/docs") ? reference : policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return next();
        });
    }
}
