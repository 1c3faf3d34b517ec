using Microsoft.AspNetCore.Antiforgery;

namespace PolicyRegister.Web.Auth;

/// <summary>Every workspace form carries an antiforgery token; every form post checks it before anything else.</summary>
public static class Forms
{
    public const string TokenField = "__RequestVerificationToken";

    public static string Token(HttpContext http) =>
        http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken ?? "";

    public static async Task<IFormCollection?> ReadValidated(HttpContext http)
    {
        if (!http.Request.HasFormContentType) return null;
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(http)) return null;
        return await http.Request.ReadFormAsync(http.RequestAborted);
    }

    public static IResult Rejected() => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "表单已失效 (the form's antiforgery token is missing or invalid)",
        detail: "请重新打开页面后再提交 (reload the page and submit again)");

    public static string? Text(this IFormCollection form, string name) =>
        form.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
}
