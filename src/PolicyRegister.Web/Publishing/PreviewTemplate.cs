using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Publishing;

/// <summary>
/// Renders a template — the stored one, or an edited text that is not saved — against a chosen date, decision or
/// document, so that staff see a changed form before it replaces the old one.
/// </summary>
public sealed record PreviewTemplate(
    string? Output, string? Format, string? Text, string? On, string? Jurisdiction, string? Issuer,
    string? Decision, Guid? DocumentId, string? From, string? To, string? GroupBy);

public static class PreviewTemplateEndpoint
{
    public static ProblemDetails Validate(PreviewTemplate cmd) => Problems.Invalid(
        !Publish.Outputs.Contains(cmd.Output) ? new RuleViolation("output", $"可选：{string.Join("、", Publish.Outputs)}") : null,
        Publish.TryFormat(cmd.Format, Publish.Lists, out _, out var formatError) ? null : formatError,
        cmd.Text is { Length: > 200_000 } ? new RuleViolation("text", "模板过长 (at most 200,000 characters)") : null);

    [WolverinePost("/api/templates/preview"), Authorize(Policy = Policies.Write)]
    public static async Task<IResult> Post(PreviewTemplate cmd, IQuerySession session, TemplateStore templates, Site.PublicUrls urls, TimeProvider clock, CancellationToken token)
    {
        Publish.TryFormat(cmd.Format, Publish.Lists, out var format, out _);
        if (!DocumentReads.TryParseOn(cmd.On, clock, out var on)) return Publish.Invalid(new RuleViolation("on", "日期格式应为 YYYY-MM-DD"));
        // The changes list's period ends at `to` (as GET /publish/changes reads it); `on` stands in where `to` is absent.
        if (cmd.Output == "changes" && cmd.To is { Length: > 0 })
        {
            if (!DocumentReads.TryParseOn(cmd.To, clock, out var to)) return Publish.Invalid(new RuleViolation("to", "日期格式应为 YYYY-MM-DD"));
            on = to;
        }
        var model = await Publish.Model(session, clock, urls, cmd.Output, on, cmd.Jurisdiction, cmd.Issuer, cmd.GroupBy, cmd.From, cmd.Decision, cmd.DocumentId, token);
        if (model is null)
            return Publish.Invalid(new RuleViolation("output", "请给出所需参数：catalogue 需 jurisdiction，changes 需 jurisdiction 与 from，certificate 需 documentId，decision 需已登记的决定文号"));
        try
        {
            var text = cmd.Text is { Length: > 0 } source
                ? templates.RenderText(source, model, format)
                : templates.Render(Publish.TemplateName(cmd.Output!, format), model, format);
            return Results.Text(text, Publish.ContentType(format));
        }
        catch (Exception ex) when (ex is TemplateSyntaxException or Scriban.Syntax.ScriptRuntimeException or KeyNotFoundException)
        {
            return Publish.Invalid(new RuleViolation("text", ex.Message));
        }
        catch (TemplateLimitException ex)
        {
            var problem = Problems.Rule(new RuleViolation("text", ex.Message));
            return problem.ToResult();
        }
    }
}
