using JasperFx.CommandLine;
using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Documents;

namespace PolicyRegister.Web.Publishing;

public class PublishInput : NetCoreInput
{
    [Description("catalogue, decision, changes or certificate")]
    public string Output { get; set; } = "catalogue";

    [Description("The file to write (default: stdout)"), FlagAlias("out", 'o')]
    public string OutFlag { get; set; } = "";

    [Description("html, txt or csv"), FlagAlias("format", 'f')]
    public string FormatFlag { get; set; } = "html";

    [Description("Legal date (YYYY-MM-DD); for changes, the end of the period"), FlagAlias("on", 'd')]
    public string? OnFlag { get; set; }

    [Description("For changes: the start of the period (YYYY-MM-DD)"), FlagAlias("from", 's')]
    public string? FromFlag { get; set; }

    [Description("The jurisdiction (division name or code)"), FlagAlias("jurisdiction", 'j')]
    public string? JurisdictionFlag { get; set; }
    [Description("Only this issuer's documents"), FlagAlias("issuer", 'i')]
    public string? IssuerFlag { get; set; }
    [Description("issuer or year"), FlagAlias("group-by", 'g')]
    public string GroupByFlag { get; set; } = "issuer";
    [Description("For decision: its number"), FlagAlias("number", 'n')]
    public string? NumberFlag { get; set; }
    [Description("For certificate: the document id"), FlagAlias("document", 'k')]
    public string? DocumentFlag { get; set; }
}

/// <summary>./build.sh publish catalogue --jurisdiction 中卫市 --on 2024-07-04 --format html --out catalogue.html</summary>
[Description("Render a published list or notice to a file", Name = "publish")]
public sealed class PublishCommand : JasperFxAsyncCommand<PublishInput>
{
    public override async Task<bool> Execute(PublishInput input)
    {
        using var host = input.BuildHost();
        await Infrastructure.RegisterSchema.ApplyAsync(host.Services);
        var templates = host.Services.GetRequiredService<TemplateStore>();
        var clock = host.Services.GetRequiredService<TimeProvider>();
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        if (!Publish.TryFormat(input.FormatFlag, Publish.Lists, out var format, out var error)) return Fail(error!.Message);
        if (!DocumentReads.TryParseOn(input.OnFlag, clock, out var on)) return Fail("--on must be YYYY-MM-DD");
        if (!string.IsNullOrWhiteSpace(input.JurisdictionFlag)
            && Domain.Jurisdictions.Divisions.Resolve(input.JurisdictionFlag) is { Division: null } unknown)
            return Fail($"--jurisdiction: {unknown.Message}");

        var model = await Publish.Model(session, clock, host.Services.GetRequiredService<Site.PublicUrls>(), input.Output, on, input.JurisdictionFlag, input.IssuerFlag, input.GroupByFlag, input.FromFlag,
            input.NumberFlag, Guid.TryParse(input.DocumentFlag, out var id) ? id : null, default);
        if (model is null) return Fail("Nothing to publish: catalogue needs --jurisdiction; changes --jurisdiction and --from; certificate --document; decision a registered --number.");
        var text = templates.Render(Publish.TemplateName(input.Output, format), model, format);
        if (string.IsNullOrEmpty(input.OutFlag)) Console.Out.Write(text);
        else await File.WriteAllTextAsync(input.OutFlag, text, new System.Text.UTF8Encoding(false));
        Console.Error.WriteLine($"{input.Output} ({format}) written to {(string.IsNullOrEmpty(input.OutFlag) ? "stdout" : input.OutFlag)}");
        return true;
    }

    private static bool Fail(string message)
    {
        Console.Error.WriteLine(message);
        return false;
    }
}
