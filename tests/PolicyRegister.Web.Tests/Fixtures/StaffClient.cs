using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PolicyRegister.Web.Tests.Fixtures;

/// <summary>A browser-like client of the workspace: cookies kept, redirects shown, the form's antiforgery token read.</summary>
public static partial class StaffClient
{
    public static HttpClient Browser(RegisterApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A page read as a browser reads it: permanent redirects (a document's id to its permanent URI) are followed.</summary>
    public static async Task<string> Page(HttpClient client, string url)
    {
        for (var hops = 0; hops < 5; hops++)
        {
            var response = await client.GetAsync(url);
            if (response.StatusCode is not (System.Net.HttpStatusCode.MovedPermanently or System.Net.HttpStatusCode.PermanentRedirect)) return await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
            url = response.Headers.Location!.OriginalString;
        }
        throw new InvalidOperationException($"too many redirects at {url}");
    }

    public static string Token(string html) => TokenField().Match(html).Groups[1].Value;

    public static async Task<HttpResponseMessage> SignIn(HttpClient client, string user, string password, string returnUrl = "/staff")
    {
        var token = Token(await client.GetStringAsync("/staff/sign-in"));
        return await client.PostAsync("/staff/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["userName"] = user, ["password"] = password, ["returnUrl"] = returnUrl,
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
