using Marten;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Texts;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Site;
using Wolverine.Http;

namespace PolicyRegister.Web.Workspace;

public sealed record TextFormView(string Id, string Title, string Number, Badge Badge, int Versions, Dictionary<string, string> Values, Dictionary<string, string> Errors)
{
    /// <summary>After a text is recorded: what the structure found (articles) and doubted (numbering), and the way back.</summary>
    public TextRecordedAnswer? Recorded { get; init; }

    public string DocumentUrl { get; init; } = "";

    public IReadOnlyList<ErrorLink> Summary => FormErrors.Summary(Errors,
        [("text", "全文"), ("file", "文本文件"), ("effective_on", "适用日期"), ("gazette", "公报名称"), ("issue", "期号"), ("page", "页码"), ("url", "网址"), ("reason", "登记理由")]);
}

/// <summary>
/// /staff/documents/{id}/text: record the document's text, pasted or uploaded as UTF-8, checked by the API's own
/// Validate and decided by its Post (one rule set for the text, from every path); the structure's doubts are shown.
/// </summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class TextForm
{
    private static readonly string[] Fields = ["text", "file", "effective_on", "gazette", "issue", "page", "url", "reason", "version"];

    [WolverineGet("/staff/documents/{id}/text"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, TimeProvider clock)
    {
        var (doc, current) = await DocumentReads.LoadCurrent(session, id, http.RequestAborted);
        if (doc is null) return DocumentPage.NotFound(http);
        var values = Fields.ToDictionary(f => f, _ => "");
        values["version"] = current.ToString();
        var held = await RecordTextEndpoint.LoadAsync(id, session, http.RequestAborted);
        return Page(http, doc, held.Count, clock, values, FormErrors.Empty(Fields));
    }

    [WolverinePost("/staff/documents/{id}/text"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Post(Guid id, HttpContext http, IDocumentSession session, TimeProvider clock)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        var (doc, current) = await DocumentReads.LoadCurrent(session, id, http.RequestAborted);
        if (doc is null) return DocumentPage.NotFound(http);
        var held = await RecordTextEndpoint.LoadAsync(id, session, http.RequestAborted);
        var values = Fields.ToDictionary(f => f, f => f == "text" ? form["text"].ToString() : form.Text(f) ?? "");
        var errors = FormErrors.Empty(Fields);
        if (FormErrors.BadDate(form, "effective_on")) errors["effective_on"] = "日期格式应为 YYYY-MM-DD";
        int? page = null;
        if (values["page"].Length > 0 && !(int.TryParse(values["page"], out var p) && p is > 0 and < 100_000)) errors["page"] = "页码应为正整数";
        else if (values["page"].Length > 0) page = int.Parse(values["page"]);
        if (!long.TryParse(values["version"], out var version)) errors[FormErrors.General] = "表单缺少版本号，请重新打开";
        else if (version != current) errors[FormErrors.General] = "该文件已被他人修改，请核对后重新提交（已显示最新状态）";

        // A file, when chosen, is the text: UTF-8 only (a GBK file would be read as mojibake and recorded as such).
        var text = values["text"];
        if (form.Files.GetFile("file") is { Length: > 0 } file)
        {
            if (file.Length > RecordTextEndpoint.MaxCharacters * 4L) errors["file"] = $"文件过大：全文最多{RecordTextEndpoint.MaxCharacters:N0}个字符";
            else
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, http.RequestAborted);
                try
                {
                    text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.ToArray()).TrimStart('\uFEFF');
                }
                catch (System.Text.DecoderFallbackException)
                {
                    errors["file"] = "文件不是 UTF-8 编码的纯文本，请另存为 UTF-8 后上传";
                }
            }
        }
        if (errors.Values.Any(e => e.Length > 0))
        {
            values["version"] = current.ToString();
            return Page(http, doc, held.Count, clock, values, errors, errors[FormErrors.General].Length > 0 ? 409 : 400);
        }

        var source = values["gazette"].Length + values["issue"].Length + values["url"].Length > 0 || page is not null
            ? new TextSource(Blank(values["gazette"]), Blank(values["issue"]), page, null, null, Blank(values["url"]))
            : null;
        var cmd = new RecordText(version, text, FormErrors.Date(form, "effective_on"), source, values["reason"]);
        var problem = AuditMiddleware.CheckReason(values["reason"]) is { } badReason ? Problems.Invalid(badReason) : RecordTextEndpoint.Validate(cmd, doc);
        if (problem != Problems.None)
        {
            // The API's field names onto the form's inputs.
            var shown = FormErrors.From(problem, [.. Fields, "effectiveOn", "source.gazette", "source.url"]);
            foreach (var (api, input) in new[] { ("effectiveOn", "effective_on"), ("source_gazette", "gazette"), ("source_url", "url") })
            {
                shown[input] = shown[api];
                shown.Remove(api);
            }
            return Page(http, doc, held.Count, clock, values, shown, problem.Status ?? 400);
        }

        var (result, events) = RecordTextEndpoint.Post(cmd, doc, held);
        if (!await FormErrors.TryAppend(session, http, id, version, events, values["reason"]))
        {
            errors[FormErrors.General] = FormErrors.ChangedMeanwhile;
            var (fresh, now) = await DocumentReads.LoadCurrent(session, id, http.RequestAborted);
            values["version"] = now.ToString();
            return Page(http, fresh ?? doc, held.Count, clock, values, errors, 409);
        }
        // A text changes nothing the document's snapshot holds: the page shows the same document, one text more.
        var answer = (TextRecordedAnswer)((Microsoft.AspNetCore.Http.HttpResults.Ok<TextRecordedAnswer>)result).Value!;
        var cleared = Fields.ToDictionary(f => f, _ => "");
        cleared["version"] = answer.Version.ToString();
        return Page(http, doc, answer.TextVersion, clock, cleared, FormErrors.Empty(Fields), recorded: answer);
    }

    private static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static IResult Page(HttpContext http, Document doc, int texts, TimeProvider clock, Dictionary<string, string> values, Dictionary<string, string> errors,
        int status = 200, TextRecordedAnswer? recorded = null) =>
        SitePages.Render(http, "staff-text.html", $"登记全文：{doc.Title}", new TextFormView(doc.Id.ToString(), doc.Title, doc.Number ?? "",
            SitePages.BadgeOf(Validity.On(doc, Domain.Dates.RegisterCalendar.Today(clock.GetUtcNow()))), texts, values, errors)
        {
            Recorded = recorded, DocumentUrl = Eli.Of(doc),
        }, status);
}
