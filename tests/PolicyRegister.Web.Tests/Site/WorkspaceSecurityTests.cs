using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Site;

[Collection(RegisterCollection.Name)]
public partial class WorkspaceSecurityTests(RegisterApp app)
{
    private HttpClient Browser() => StaffClient.Browser(app);

    private static async Task<string> Token(HttpClient client, string path) => StaffClient.Token(await client.GetStringAsync(path));

    private static Task<HttpResponseMessage> SignIn(HttpClient client, (string User, string Password) account) =>
        StaffClient.SignIn(client, account.User, account.Password);

    [Fact]
    public async Task when_a_workspace_form_is_posted_without_its_antiforgery_token_it_should_be_rejected_and_store_nothing()
    {
        var client = Browser();
        (await SignIn(client, RegisterApp.StaffClerk)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var jurisdiction = Given.Jurisdiction();
        var response = await client.PostAsync("/staff/documents/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["number"] = "卫政发〔2020〕9号", ["title"] = "关于某事的通知", ["issuers"] = "中卫市人民政府", ["jurisdiction"] = jurisdiction, ["kind"] = "normative", ["reason"] = "x",
        }));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={Uri.EscapeDataString(jurisdiction)}"))["total"]!.GetValue<long>().Should().Be(0);
    }

    [Fact]
    public async Task when_a_signed_in_browser_calls_the_json_api_its_cookie_should_not_authorise_a_write()
    {
        var client = Browser();
        await SignIn(client, RegisterApp.StaffReviewer);
        var response = await client.PostAsJsonAsync("/api/documents", Given.Document(Given.Jurisdiction(), "卫政发〔2020〕10号", "关于某事的通知", "2020-01-01"));
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task when_a_password_is_wrong_five_times_the_account_should_lock()
    {
        var client = Browser();
        await Given.Get(app.Anonymous(), "/health");
        for (var i = 0; i < 5; i++)
            (await SignIn(client, (RegisterApp.StaffAdmin.User, "wrong-password"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var locked = await SignIn(client, RegisterApp.StaffAdmin);
        locked.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await locked.Content.ReadAsStringAsync()).Should().Contain("登录尝试过多");
    }

    [Fact]
    public async Task when_a_clerk_signs_in_the_workspace_should_open_and_account_administration_should_not()
    {
        var client = Browser();
        await SignIn(client, RegisterApp.StaffClerk);
        (await client.GetAsync("/staff")).StatusCode.Should().Be(HttpStatusCode.OK);
        var admin = await client.GetAsync("/staff/accounts");
        admin.StatusCode.Should().Be(HttpStatusCode.Redirect);
        admin.Headers.Location!.ToString().Should().Contain("/staff/denied");
    }

    [Fact]
    public async Task when_the_api_reference_is_asked_for_it_should_describe_the_endpoints()
    {
        var openApi = await app.Anonymous().GetStringAsync("/api/openapi/v1.json");
        openApi.Should().Contain("/api/documents/{id}/status").And.Contain("/api/decisions");
        (await app.Anonymous().GetAsync("/api/docs/")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
