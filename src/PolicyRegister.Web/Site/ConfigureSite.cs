using Scalar.AspNetCore;

namespace PolicyRegister.Web.Site;

public static class ConfigureSite
{
    public static void ConfigureRegisterSite(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Cluster.StaleReads>();
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "PolicyRegister API";
            doc.Info.Description = "规范性文件效力登记簿。Reads are public; writes need `Authorization: Bearer <API key>` and a `reason`.";
            return Task.CompletedTask;
        }));
    }

    /// <summary>The OpenAPI description at /api/openapi/v1.json and its browsable reference at /api/docs.</summary>
    public static void MapRegisterSite(this WebApplication app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("PolicyRegister API").WithOpenApiRoutePattern("/api/openapi/{documentName}.json")).AllowAnonymous();
    }
}
