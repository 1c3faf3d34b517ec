using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>Corrects one metadata field (a typo in the title, a wrong signing date); the old value stays in the history.</summary>
public sealed record CorrectDocument(long Version, string? Field, string? NewValue, string? Note, string? Reason) : IDocumentCommand;

public static class CorrectDocumentEndpoint
{
    public static ProblemDetails Validate(CorrectDocument cmd, Document document) =>
        cmd.Field == DocumentFields.SignedOn && DateOnly.TryParseExact(cmd.NewValue, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var signed)
            && DocumentRules.CanSign(document, signed, "newValue") is { } late
            ? Problems.Rule(late)
            : Problems.Invalid(
            !DocumentFields.All.Contains(cmd.Field ?? "")
                ? new RuleViolation("field", $"可更正的字段：{string.Join("、", DocumentFields.All)} (field must be one of these)")
                : null,
            cmd.Field switch
            {
                DocumentFields.Number => DocumentInputs.CheckNumber(cmd.NewValue, "newValue"),
                DocumentFields.Jurisdiction => DocumentInputs.CheckJurisdiction(cmd.NewValue, "newValue"),
                DocumentFields.Kind => cmd.NewValue is "normative" or "rule" or "other" ? null : new RuleViolation("newValue", "文件类型为 normative、rule 或 other"),
                DocumentFields.SignedOn => DateOnly.TryParseExact(cmd.NewValue, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    ? null : new RuleViolation("newValue", "签发日期格式应为 YYYY-MM-DD (signedOn must be YYYY-MM-DD)"),
                _ => DocumentInputs.CheckText(cmd.NewValue, "newValue", 500),
            },
            DocumentInputs.CheckText(cmd.Note, "note", 2000, required: false));

    [WolverinePost("/api/documents/{documentId}/correction"), Authorize(Policy = Policies.Write)]
    public static (IResult, Events) Post(CorrectDocument cmd, [WriteAggregate] Document document)
    {
        var newValue = cmd.Field switch
        {
            DocumentFields.Number => DocumentNumber.Parse(cmd.NewValue).Canonical,
            DocumentFields.Jurisdiction => DocumentInputs.JurisdictionCode(cmd.NewValue),
            _ => cmd.NewValue!.Trim(),
        };
        var old = cmd.Field switch
        {
            DocumentFields.Title => document.Title,
            DocumentFields.SignedOn => document.SignedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DocumentFields.Number => document.Number,
            DocumentFields.Issuers => string.Join("、", document.Issuers),
            DocumentFields.Kind => ConfigureHttp.EnumNaming.ConvertName(document.Kind.ToString()),
            _ => document.Jurisdiction,
        };
        return Lifecycle.Appended(cmd, document, new DocumentCorrected(cmd.Field!, old, newValue, cmd.Note));
    }
}
