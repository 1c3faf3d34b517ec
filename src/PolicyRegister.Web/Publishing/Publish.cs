using System.Text;
using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;

namespace PolicyRegister.Web.Publishing;

/// <summary>What the /publish endpoints and the publish command share: the format, and the rendered response.</summary>
public static class Publish
{
    public static bool TryFormat(string? text, IReadOnlyCollection<OutputFormat> allowed, out OutputFormat format, out RuleViolation? error)
    {
        error = null;
        format = OutputFormat.Html;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (Enum.TryParse(text.Trim(), ignoreCase: true, out format) && allowed.Contains(format)) return true;
        error = new RuleViolation("format", $"可选格式：{string.Join("、", allowed.Select(f => f.ToString().ToLowerInvariant()))} ('{text}' is not offered for this output)");
        return false;
    }

    public static string TemplateName(string output, OutputFormat format) => $"{output}.{format.ToString().ToLowerInvariant()}";

    public static string ContentType(OutputFormat format) => format switch
    {
        OutputFormat.Html => "text/html; charset=utf-8",
        OutputFormat.Csv => "text/csv; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };

    public static IResult Render(TemplateStore templates, string output, object model, OutputFormat format, string fileName)
    {
        if (format != OutputFormat.Csv) return new Streamed(templates, TemplateName(output, format), model, format);
        // CSV is rendered whole: its line endings are rewritten after rendering.
        var text = templates.Render(TemplateName(output, format), model, format);
        return new Attachment(Results.Text(text, ContentType(format), Encoding.UTF8), $"{fileName}.csv");
    }

    public static IResult Invalid(params RuleViolation?[] errors) => Problems.Invalid(errors).ToResult();

    public static readonly string[] Outputs = ["catalogue", "decision", "changes", "certificate"];

    /// <summary>
    /// The view model of one output from loose parameters (the publish command, the template preview): null when the
    /// parameters that output needs are missing — catalogue a jurisdiction, changes a jurisdiction (its period starts at `from`, default today),
    /// certificate a document, decision the number of a stored decision.
    /// </summary>
    public static async Task<object?> Model(IQuerySession session, TimeProvider clock, Site.PublicUrls urls, string? output, DateOnly on, string? jurisdiction,
        string? issuer, string? groupBy, string? from, string? decision, Guid? documentId, CancellationToken token) => output switch
    {
        "catalogue" when Scope(jurisdiction) is { } j =>
            await PublishCatalogueEndpoint.Build(session, j, issuer, on, groupBy == "year" ? "year" : "issuer", urls, token),
        "changes" when Scope(jurisdiction) is { } j && DocumentReads.TryParseOn(from, clock, out var start) =>
            await PublishChangesEndpoint.Build(session, j, start, on, urls, token),
        "certificate" when documentId is { } id => await PublishCertificateEndpoint.Build(session, id, on, clock.GetUtcNow(), token),
        "decision" when decision is { } n && DocumentNumber.TryParse(n, out var number) =>
            await session.Query<Domain.Decisions.Decision>().FirstOrDefaultAsync(d => d.NumberKey == number.Key
                && (jurisdiction == null || d.Jurisdiction == Domain.Jurisdictions.Divisions.Canonical(jurisdiction)), token) is { } d
                ? PublishDecisionNoticeEndpoint.Build(d.Number, d.Title, d.Addressees, d.Body, d.Issuers, d.SignedOn, d.Items, draft: false, d.EffectiveRule, d.EffectiveOn)
                : null,
        _ => null,
    };

    private static Jurisdictions.JurisdictionScope? Scope(string? jurisdiction) =>
        Jurisdictions.JurisdictionQuery.TryResolve(jurisdiction, null, out var scope, out _) ? scope : null;

    /// <summary>An HTML or text output written to the response as the template renders it.</summary>
    private sealed class Streamed(TemplateStore templates, string name, object model, OutputFormat format) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = ContentType(format);
            await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
            await templates.RenderToAsync(name, model, format, writer, http.RequestAborted);
            await writer.FlushAsync(http.RequestAborted);
        }
    }

    /// <summary>CSV downloads open as a file in spreadsheet programs.</summary>
    private sealed class Attachment(IResult inner, string fileName) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.ContentDisposition = $"attachment; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
            return inner.ExecuteAsync(http);
        }
    }

    public static readonly OutputFormat[] Lists = [OutputFormat.Html, OutputFormat.Txt, OutputFormat.Csv];
    public static readonly OutputFormat[] Texts = [OutputFormat.Html, OutputFormat.Txt];
}

public static class ConfigurePublishing
{
    public static void ConfigureRegisterPublishing(this WebApplicationBuilder builder)
    {
        var options = new TemplateOptions();
        builder.Configuration.GetSection("Publishing").Bind(options);
        // Parsed now, so that a broken template stops start-up with its file, line and column.
        builder.Services.AddSingleton(new TemplateStore(options));
    }
}
