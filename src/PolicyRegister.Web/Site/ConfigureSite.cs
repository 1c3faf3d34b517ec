using Scalar.AspNetCore;

namespace PolicyRegister.Web.Site;

public static class ConfigureSite
{
    public static void ConfigureRegisterSite(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Cluster.StaleReads>();
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddOpenApi("v1", o => OpenApiContract.Configure(o.AddDocumentTransformer((doc, context, _) =>
        {
            // The servers come from the configured public address, never from the request's Host header.
            doc.Servers = [new Microsoft.OpenApi.OpenApiServer { Url = context.ApplicationServices.GetRequiredService<PublicUrls>().Base }];
            doc.Info.Title = "PolicyRegister API";
            doc.Info.Description = "规范性文件效力登记簿。Reads are public; writes need `Authorization: Bearer <API key>` and a `reason`.";
            return Task.CompletedTask;
        })));
    }

    /// <summary>The OpenAPI description at /api/openapi/v1.json and its browsable reference at /api/docs.</summary>
    public static void MapRegisterSite(this WebApplication app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("PolicyRegister API").WithOpenApiRoutePattern("/api/openapi/{documentName}.json")).AllowAnonymous();
    }
}
