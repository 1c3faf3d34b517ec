using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Security;

/// <summary>The attack run's findings, each repeated: sign-in, redirects, sessions, headers, bad input, limits, Host.</summary>
[Collection(RegisterCollection.Name)]
public partial class SecurityTests(RegisterApp app)
{
    private HttpClient Browser() => StaffClient.Browser(app);

    private static Task<HttpResponseMessage> SignIn(HttpClient client, string user, string password, string returnUrl = "/staff") =>
        StaffClient.SignIn(client, user, password, returnUrl);


    [Fact]
    public async Task when_thirty_sign_ins_race_at_once_at_most_five_passwords_should_be_checked()
    {
        var clients = Enumerable.Range(0, 30).Select(_ => Browser()).ToList();
        var answers = await Task.WhenAll(clients.Select((c, i) =>
            SignIn(c, RegisterApp.StaffTarget.User, i == 29 ? RegisterApp.StaffTarget.Password : $"wrong-{i}")));
        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadAsStringAsync()));
        var checkedPasswords = answers.Where((a, i) => a.StatusCode == HttpStatusCode.Redirect || bodies[i].Contains("用户名或密码不正确")).Count();
        checkedPasswords.Should().BeLessThanOrEqualTo(5, "attempts are counted atomically before any password is checked");
        bodies.Count(b => b.Contains("登录尝试过多")).Should().BeGreaterThanOrEqualTo(25);
    }

    [Fact]
    public async Task when_an_unknown_account_is_tried_it_should_answer_as_a_known_one_does()
    {
        var unknown = await SignIn(Browser(), "nobody-" + Guid.NewGuid().ToString("N")[..8], "wrong-password");
        var known = await SignIn(Browser(), RegisterApp.StaffReviewer.User, "wrong-password");
        unknown.StatusCode.Should().Be(known.StatusCode);
        (await unknown.Content.ReadAsStringAsync()).Should().Contain("用户名或密码不正确");
        (await known.Content.ReadAsStringAsync()).Should().Contain("用户名或密码不正确");
    }

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/ /evil.example")]
    public async Task when_the_return_address_leaves_the_site_sign_in_should_redirect_home(string returnUrl)
    {
        var answer = await SignIn(Browser(), RegisterApp.StaffReviewer.User, RegisterApp.StaffReviewer.Password, Uri.UnescapeDataString(returnUrl));
        answer.StatusCode.Should().Be(HttpStatusCode.Redirect);
        answer.Headers.Location!.OriginalString.Should().Be("/staff");
    }

    [Fact]
    public async Task when_staff_sign_out_a_cookie_saved_before_should_no_longer_open_the_workspace()
    {
        // Cookies handled by hand, as a thief who saved them would replay them.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var jar = new Dictionary<string, string>();
        void Keep(HttpResponseMessage r)
        {
            foreach (var c in r.Headers.TryGetValues("Set-Cookie", out var v) ? v : [])
                jar[c.Split('=')[0]] = c.Split(';')[0];
        }
        async Task<HttpResponseMessage> Send(HttpMethod method, string path, HttpContent? content = null, string? cookies = null)
        {
            var request = new HttpRequestMessage(method, path) { Content = content };
            var cookie = cookies ?? string.Join("; ", jar.Values);
            if (cookie.Length > 0) request.Headers.Add("Cookie", cookie);
            var response = await client.SendAsync(request);
            Keep(response);
            return response;
        }
        var page = await (await Send(HttpMethod.Get, "/staff/sign-in")).Content.ReadAsStringAsync();
        var signIn = await Send(HttpMethod.Post, "/staff/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.Token(page),
            ["userName"] = RegisterApp.StaffSessions.User, ["password"] = RegisterApp.StaffSessions.Password, ["returnUrl"] = "/staff",
        }));
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var saved = string.Join("; ", jar.Values);
        var home = await Send(HttpMethod.Get, "/staff");
        home.StatusCode.Should().Be(HttpStatusCode.OK);

        var token = StaffClient.Token(await home.Content.ReadAsStringAsync());
        (await Send(HttpMethod.Post, "/staff/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })))
            .StatusCode.Should().Be(HttpStatusCode.Redirect);

        var replay = await Send(HttpMethod.Get, "/staff", cookies: saved);
        replay.StatusCode.Should().Be(HttpStatusCode.Redirect);
        replay.Headers.Location!.ToString().Should().Contain("/staff/sign-in");
    }

    [Fact]
    public async Task when_any_page_is_served_it_should_carry_the_security_headers_and_a_policy_without_unsafe_inline()
    {
        foreach (var path in new[] { "/", "/catalogue", "/staff/sign-in", "/api/documents", "/does-not-exist" })
        {
            var response = await app.Anonymous().GetAsync(path);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            csp.Should().Contain("frame-ancestors 'none'").And.NotContain("unsafe-inline", path);
            Regex.Matches(csp, "'sha256-").Count.Should().BeGreaterThan(0);
            response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");
            response.Headers.Contains("Referrer-Policy").Should().BeTrue();
            response.Headers.Contains("Server").Should().BeFalse();
        }
        var page = await app.Anonymous().GetStringAsync("/");
        page.Should().NotContain(" style=\"", "inline style attributes would need 'unsafe-inline'");
    }

    [Theory]
    [InlineData("/api/documents?q=%00")]
    [InlineData("/api/documents?jurisdiction=%00")]
    [InlineData("/api/documents/status?number=%E5%8D%AB%00")]
    [InlineData("/catalogue?on=%00")]
    [InlineData("/changes?to=0001-01-01")]
    [InlineData("/changes?from=9999-12-31")]
    [InlineData("/api/documents?on=0001-01-01&status=in_force")]
    public async Task when_a_query_holds_a_nul_or_an_edge_date_the_answer_should_be_400_not_5xx(string url)
    {
        var response = await app.Anonymous().GetAsync(url);
        ((int)response.StatusCode).Should().BeInRange(400, 499, url);
    }

    [Fact]
    public async Task when_bodies_are_null_padded_nul_filled_untyped_or_unbounded_they_should_be_refused_by_field()
    {
        var clerk = app.Clerk();
        async Task<JsonNode> Refused(HttpContent content, int status = 400, string path = "/api/documents")
        {
            var response = await clerk.PostAsync(path, content);
            ((int)response.StatusCode).Should().Be(status, await content.ReadAsStringAsync());
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        }
        await Refused(new StringContent(new string(' ', 40) + "null", Encoding.UTF8, "application/json"));
        await Refused(new StringContent("null"), 415);
        var nul = await Refused(new StringContent("""{"number":"卫政发〔2021〕1号","title":"a\u0000b","reason":"x"}""", Encoding.UTF8, "application/json"));
        nul["errors"]!["title"].Should().NotBeNull();
        var jurisdiction = Given.Jurisdiction();
        var longSource = await Refused(JsonContent.Create(new
        {
            number = "卫政发〔2021〕91号", title = "t", issuers = new[] { "x" }, jurisdiction, kind = "normative", source = new string('源', 100_000), reason = "x",
        }));
        longSource["errors"]!["source"].Should().NotBeNull();
        var manyIssuers = await Refused(JsonContent.Create(new
        {
            number = "卫政发〔2021〕92号", title = "t", issuers = Enumerable.Range(0, 10_000).Select(i => $"机关{i}").ToArray(), jurisdiction, kind = "normative", reason = "x",
        }));
        manyIssuers["errors"]!["issuers"].Should().NotBeNull();
        await Refused(new StringContent($$"""{"number":"卫政发〔2021〕93号","title":"t","issuers":["x"],"jurisdiction":"{{jurisdiction}}","kind":1,"reason":"x"}""", Encoding.UTF8, "application/json"));
        (await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={jurisdiction}"))["total"]!.GetValue<long>().Should().Be(0);
    }

    [Fact]
    public async Task when_a_workspace_form_field_holds_a_nul_it_should_be_400_even_for_anonymous()
    {
        var client = Browser();
        var token = StaffClient.Token(await client.GetStringAsync("/staff/sign-in"));
        var response = await client.PostAsync("/staff/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["userName"] = "a\0b", ["password"] = "x",
        }));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task when_a_staff_template_doubles_a_string_the_preview_should_stop_at_its_caps_with_422()
    {
        var started = DateTime.UtcNow;
        var response = await app.Clerk().PostAsJsonAsync("/api/templates/preview", new
        {
            output = "certificate", format = "txt", text = "{{ x = \"0123456789\"; for i in 1..60; x = x + x; end; x }}",
            documentId = (await Given.Registered(app.Clerk(), Given.Document(Given.Jurisdiction(), "卫政发〔2021〕94号", "模板测试", "2021-01-01"))).Id,
        });
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await response.Content.ReadAsStringAsync());
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task when_the_host_header_is_forged_the_feed_should_still_link_to_the_register()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/feed.atom");
        request.Headers.Host = "evil.example";
        var feed = await (await app.Anonymous().SendAsync(request)).Content.ReadAsStringAsync();
        feed.Should().NotContain("evil.example");
        var openApi = new HttpRequestMessage(HttpMethod.Get, "/api/openapi/v1.json");
        openApi.Headers.Host = "evil.example";
        (await (await app.Anonymous().SendAsync(openApi)).Content.ReadAsStringAsync()).Should().NotContain("evil.example");
    }

    [Fact]
    public async Task when_one_decision_is_applied_twenty_times_at_once_every_answer_should_be_200_201_or_409()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政发〔2021〕95号", "并发测试文件", "2021-01-01", new { on = "2021-02-01" }));
        var decision = new
        {
            number = "测规发〔2022〕9号", title = "关于废止行政规范性文件的决定", issuers = new[] { "某人民政府" }, jurisdiction, signedOn = "2022-01-01",
            items = new[] { new { action = "repeal", seq = 1, title = "并发测试文件", number = "卫政发〔2021〕95号" } }, reason = "并发",
        };
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.Reviewer().PostAsJsonAsync("/api/decisions", decision)));
        answers.Select(a => (int)a.StatusCode).Should().OnlyContain(s => s == 200 || s == 201 || s == 409);
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(1);
    }

}

/// <summary>The rate limits, on a host of their own that allows three sign-ins a minute.</summary>
public sealed class RateLimitedApp : RegisterApp
{
    protected override int SignInsPerMinute => 3;
}

public class RateLimitTests : IClassFixture<RateLimitedApp>
{
    private readonly RateLimitedApp app;

    public RateLimitTests(RateLimitedApp app) => this.app = app;

    [Fact]
    public async Task when_a_client_signs_in_more_often_than_allowed_it_should_get_429_with_retry_after()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsync("/staff/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["userName"] = "x", ["password"] = "y" }));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) response.Headers.RetryAfter.Should().NotBeNull();
        }
        statuses.Take(3).Should().NotContain(HttpStatusCode.TooManyRequests);
        statuses.Skip(3).Should().OnlyContain(s => s == HttpStatusCode.TooManyRequests);
    }
}
