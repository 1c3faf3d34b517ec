using System.Globalization;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Web.Auth;

namespace PolicyRegister.Web.Workspace;

/// <summary>Field errors for a form: every field has an entry (empty when fine), shown next to it, in Chinese.</summary>
/// <summary>One error of the summary: the field it belongs to (its input's id), the field's label, the message.</summary>
/// <summary>One line of a form's error summary; <see cref="Anchor"/> is the id of the input it links to ("" for the form as a whole).</summary>
public sealed record ErrorLink(string Field, string Label, string Message)
{
    public string Anchor { get; init; } = Field;
}

public static class FormErrors
{
    public const string General = "form";

    /// <summary>
    /// Every error of a form at once, for the summary at its top (each links to its field): the fields in the form's
    /// order with their labels, then what belongs to no field.
    /// </summary>
    public static IReadOnlyList<ErrorLink> Summary(Dictionary<string, string> errors, IReadOnlyList<(string Field, string Label)> fields,
        IReadOnlyDictionary<string, string>? anchors = null) =>
        [.. fields.Where(f => errors.TryGetValue(f.Field, out var e) && e.Length > 0)
                .Select(f => new ErrorLink(f.Field, f.Label, errors[f.Field]) { Anchor = anchors?.GetValueOrDefault(f.Field) ?? f.Field }),
            .. errors.TryGetValue(General, out var g) && g.Length > 0 ? [Whole(g)] : Array.Empty<ErrorLink>()];

    /// <summary>An error of the form as a whole (no field to link to).</summary>
    public static ErrorLink Whole(string message) => new("", "", message);

    public static Dictionary<string, string> Empty(params string[] fields) =>
        fields.Append(General).ToDictionary(f => Key(f), _ => "");

    /// <summary>Maps a ProblemDetails from the command's own validation onto the form's fields; the rest goes to the form.</summary>
    public static Dictionary<string, string> From(ProblemDetails problem, params string[] fields)
    {
        var errors = Empty(fields);
        if (problem.Extensions.TryGetValue("errors", out var raw) && raw is Dictionary<string, string[]> byField)
        {
            foreach (var (field, messages) in byField)
            {
                var key = Key(field);
                var text = string.Join("；", messages.Select(Chinese));
                if (errors.ContainsKey(key)) errors[key] = text;
                else errors[General] = (errors[General] + " " + text).Trim();
            }
        }
        else errors[General] = Chinese(problem.Detail ?? problem.Title ?? "操作未完成");
        return errors;
    }

    public static string Key(string field) => field.Replace('.', '_').Replace('[', '_').Replace("]", "");

    /// <summary>The messages carry Chinese first and English in parentheses; the form shows the Chinese.</summary>
    public static string Chinese(string message)
    {
        var cut = message.IndexOf(" (", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    public static (int Status, ProblemDetails? Problem) Outcome(IResult result) => result switch
    {
        ProblemHttpResult p => (p.StatusCode, p.ProblemDetails),
        IStatusCodeHttpResult s => (s.StatusCode ?? 200, null),
        _ => (200, null),
    };

    public static DateOnly? Date(IFormCollection form, string name) =>
        DateOnly.TryParseExact(form.Text(name), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static bool BadDate(IFormCollection form, string name) => form.Text(name) is not null && Date(form, name) is null;

    public static string Author(HttpContext http) => http.User.FindFirstValue(ClaimTypes.Name) ?? "unknown";

    /// <summary>The message a form shows when the document changed after it was opened.</summary>
    public const string ChangedMeanwhile = "该文件已被他人修改，请核对后重新提交";

    /// <summary>
    /// Appends a form's events to a document at the version the form was opened with, stamped with author and reason;
    /// false when someone changed the document in between (nothing is written).
    /// </summary>
    public static async Task<bool> TryAppend(IDocumentSession session, HttpContext http, Guid id, long version, IReadOnlyList<object> events, string reason)
    {
        Stamp(session, http, reason);
        session.Events.Append(id, version + events.Count, [.. events]);
        try
        {
            await session.SaveChangesAsync(http.RequestAborted);
            return true;
        }
        catch (Exception ex) when (ex is JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException)
        {
            return false;
        }
    }

    /// <summary>The same stamp the API's audit middleware puts on every write: who, why, and the request.</summary>
    public static void Stamp(IDocumentSession session, HttpContext http, string reason) =>
        AuditMiddleware.Stamp(session, $"{Author(http)} (workspace)", reason, http.TraceIdentifier);
}
