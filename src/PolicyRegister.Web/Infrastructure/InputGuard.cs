using System.Text;
using System.Text.Json;

namespace PolicyRegister.Web.Infrastructure;

/// <summary>
/// Refuses, before any endpoint sees them, inputs that no field may hold: control characters other than line breaks
/// and tabs (a NUL reaches PostgreSQL as an error) in the query, a form or a JSON body; a JSON body that is `null`;
/// and an API body that is not JSON. Each refusal is a 400 ProblemDetails naming the field; nothing is stored.
/// </summary>
public static class InputGuard
{
    private const int JsonPeek = 64 * 1024;

    public static void UseInputGuard(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (QueryProblem(http.Request) is { } query) { await Refuse(http, query, "查询参数含有控制字符 (a query parameter holds control characters)"); return; }
        if (HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method))
        {
            var request = http.Request;
            if (request.HasFormContentType)
            {
                IFormCollection form;
                try
                {
                    form = await request.ReadFormAsync(http.RequestAborted);
                }
                catch (InvalidDataException)
                {
                    // ASP.NET Core refuses a NUL in a form value as it reads it.
                    await Refuse(http, "form", "表单字段含有无效字符 (a form field holds invalid characters)");
                    return;
                }
                var bad = form.FirstOrDefault(f => f.Value.Any(v => v is not null && HasControl(v)));
                if (bad.Key is not null) { await Refuse(http, bad.Key, "表单字段含有控制字符 (a form field holds control characters)"); return; }
            }
            else if (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/publish"))
            {
                if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
                {
                    if (!IsJson(request.ContentType))
                    {
                        await Refuse(http, "body", "请求正文须为 JSON (Content-Type: application/json)", StatusCodes.Status415UnsupportedMediaType);
                        return;
                    }
                    if (await JsonProblem(request, http.RequestAborted) is { } json)
                    {
                        await Refuse(http, json.Field, json.Message);
                        return;
                    }
                }
            }
        }
        await next();
    });

    public static bool HasControl(string text) => text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/problem+json", StringComparison.OrdinalIgnoreCase)
            || (contentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && contentType.Contains("+json", StringComparison.OrdinalIgnoreCase)));

    private static string? QueryProblem(HttpRequest request)
    {
        foreach (var (key, values) in request.Query)
            if (HasControl(key) || values.Any(v => v is not null && HasControl(v))) return key;
        return null;
    }

    /// <summary>Reads the start of a JSON body (it stays readable for the endpoint): `null` after any white space, or a string with a control character.</summary>
    private static async Task<(string Field, string Message)?> JsonProblem(HttpRequest request, CancellationToken token)
    {
        request.EnableBuffering();
        var buffer = new byte[JsonPeek];
        var read = await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, token);
        request.Body.Position = 0;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        if (read < buffer.Length && text.Trim() == "null") return ("body", "请求正文为空 (the JSON body is null): 请提交一个 JSON 对象 (send a JSON object)");
        if (!text.Contains('\0') && !text.Contains("\\u00", StringComparison.OrdinalIgnoreCase)) return null;
        if (read == buffer.Length) // a long body: read it whole to name the field
        {
            using var whole = new MemoryStream();
            await request.Body.CopyToAsync(whole, token);
            request.Body.Position = 0;
            text = Encoding.UTF8.GetString(whole.ToArray());
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return Find(document.RootElement, "") is { } path ? (path, "字段含有控制字符 (the field holds control characters)") : null;
        }
        catch (JsonException)
        {
            return text.Contains('\0') ? ("body", "请求正文含有 NUL 字符 (the body holds a NUL character)") : null;
        }
    }

    private static string? Find(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when HasControl(element.GetString() ?? ""):
                return path.Length == 0 ? "body" : path;
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    if (HasControl(p.Name)) return path.Length == 0 ? p.Name : $"{path}.{p.Name}";
                    if (Find(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}") is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Find(item, $"{path}[{i}]") is { } found) return found;
                    i++;
                }
                return null;
            default:
                return null;
        }
    }

    private static Task Refuse(HttpContext http, string field, string message, int status = StatusCodes.Status400BadRequest)
    {
        http.Response.StatusCode = status;
        if (Problems.WantsPage(http.Request))
            return Site.SitePages.Render(http, "site-message.html", "请求有误",
                new { heading = "请求有误", message = $"{Workspace.FormErrors.Chinese(message)}。请检查地址或重新输入后再试。" }, status).ExecuteAsync(http);
        var problem = Problems.Invalid(new Domain.Documents.RuleViolation(field, message));
        problem.Status = status;
        return Results.Problem(problem).ExecuteAsync(http);
    }
}
