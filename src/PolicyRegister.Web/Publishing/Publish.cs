using System.Text;
using PolicyRegister.Domain.Documents;
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
        var text = templates.Render(TemplateName(output, format), model, format);
        var result = Results.Text(text, ContentType(format), Encoding.UTF8);
        return format == OutputFormat.Csv ? new Attachment(result, $"{fileName}.csv") : result;
    }

    public static IResult Invalid(params RuleViolation?[] errors) => Problems.Invalid(errors).ToResult();

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
