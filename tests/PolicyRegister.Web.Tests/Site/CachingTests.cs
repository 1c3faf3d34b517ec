using Microsoft.Extensions.DependencyInjection;
using System.Net;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Site;

/// <summary>Public answers carry validators, a conditional request costs a 304, HEAD works, and no public page sets a cookie.</summary>
[Collection(RegisterCollection.Name)]
public class CachingTests(RegisterApp app)
{
    private static HttpRequestMessage Request(HttpMethod method, string url, Action<HttpRequestMessage>? with = null)
    {
        var request = new HttpRequestMessage(method, url);
        with?.Invoke(request);
        return request;
    }

    [Fact]
    public async Task when_a_public_page_is_asked_again_with_its_etag_it_should_answer_304_until_the_register_changes()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "缓政规发〔2024〕1号", "某某县缓存测试办法", "2024-01-16", effective: new { on = "2024-02-01" }));
        var client = app.Anonymous();
        var url = $"/catalogue?jurisdiction={jurisdiction}&on=2024-06-01";

        var first = await client.GetAsync(url);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        first.Headers.ETag.Should().NotBeNull();
        first.Content.Headers.LastModified.Should().NotBeNull();
        first.Headers.CacheControl!.Public.Should().BeTrue();
        first.Headers.CacheControl.MaxAge.Should().Be(TimeSpan.FromSeconds(60), "a dated answer does not depend on today");
        first.Headers.Contains("Set-Cookie").Should().BeFalse("a public page sets no antiforgery cookie");

        var again = await client.SendAsync(Request(HttpMethod.Get, url, r => r.Headers.IfNoneMatch.Add(first.Headers.ETag!)));
        again.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await again.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        var since = await client.SendAsync(Request(HttpMethod.Get, url, r => r.Headers.IfModifiedSince = first.Content.Headers.LastModified));
        since.StatusCode.Should().Be(HttpStatusCode.NotModified);

        // A write anywhere moves the register on: the old validator no longer matches.
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "缓政规发〔2024〕2号", "某某县缓存测试二办法", "2024-01-20", effective: new { on = "2024-02-01" }));
        var changed = await client.SendAsync(Request(HttpMethod.Get, url, r => r.Headers.IfNoneMatch.Add(first.Headers.ETag!)));
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await changed.Content.ReadAsStringAsync()).Should().Contain("某某县缓存测试二办法");
        changed.Headers.ETag.Should().NotBe(first.Headers.ETag);

        // Today's answer lives at most until Beijing midnight and never more than a minute.
        var today = await client.GetAsync($"/catalogue?jurisdiction={jurisdiction}");
        today.Headers.CacheControl!.MaxAge!.Value.TotalSeconds.Should().BeInRange(1, 60);
    }

    [Fact]
    public async Task when_a_published_list_is_asked_again_it_should_be_answered_from_the_kept_copy_until_the_register_changes()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "存政规发〔2024〕1号", "某某县留存测试办法", "2024-01-16", effective: new { on = "2024-02-01" }));
        var client = app.Anonymous();
        var answers = app.Services.GetRequiredService<PolicyRegister.Web.Infrastructure.PublicCaching.Answers>();
        foreach (var format in new[] { "html", "csv" })
        {
            var url = $"/publish/catalogue?jurisdiction={jurisdiction}&on=2024-06-01&format={format}";
            var first = await client.GetAsync(url);
            first.StatusCode.Should().Be(HttpStatusCode.OK);
            var body = await first.Content.ReadAsByteArrayAsync();
            var key = $"{first.Headers.ETag!.Tag}|localhost|{url}";
            answers.Find(key).Should().NotBeNull("the answer is kept under its validator");

            var again = await client.GetAsync(url);
            (await again.Content.ReadAsByteArrayAsync()).Should().Equal(body);
            again.Content.Headers.ContentType!.ToString().Should().Be(first.Content.Headers.ContentType!.ToString());
            again.Content.Headers.ContentDisposition?.ToString().Should().Be(first.Content.Headers.ContentDisposition?.ToString());
            again.Headers.ETag.Should().Be(first.Headers.ETag);
        }

        // A write moves the register on: the next answer is built again, with the new document.
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "存政规发〔2024〕2号", "某某县留存测试二办法", "2024-01-20", effective: new { on = "2024-02-01" }));
        (await client.GetStringAsync($"/publish/catalogue?jurisdiction={jurisdiction}&on=2024-06-01&format=html")).Should().Contain("某某县留存测试二办法");
    }

    [Fact]
    public async Task when_head_is_asked_of_any_public_get_it_should_answer_like_get()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "头政规发〔2024〕1号", "某某县HEAD测试办法", "2024-01-16", effective: new { on = "2024-02-01" }));
        var client = app.Anonymous();
        foreach (var url in new[]
                 {
                     "/", $"/catalogue?jurisdiction={jurisdiction}", $"/eli/{jurisdiction}/2024/{Uri.EscapeDataString("头政规发")}/1", "/feed.atom", "/data/register.csv",
                     $"/api/documents?jurisdiction={jurisdiction}", $"/api/jurisdictions?q={Uri.EscapeDataString("中卫")}", $"/publish/catalogue?jurisdiction={jurisdiction}",
                 })
        {
            var head = await client.SendAsync(Request(HttpMethod.Head, url));
            head.StatusCode.Should().Be(HttpStatusCode.OK, url);
            head.Headers.ETag.Should().NotBeNull(url);
        }
    }

    [Fact]
    public async Task when_staff_or_an_api_key_reads_nothing_should_be_marked_cacheable()
    {
        var staff = StaffClient.Browser(app);
        await StaffClient.SignIn(staff, RegisterApp.StaffClerk.User, RegisterApp.StaffClerk.Password);
        var page = await staff.GetAsync("/staff");
        page.Headers.ETag.Should().BeNull();
        page.Headers.CacheControl?.Public.Should().NotBe(true);
        var home = await staff.GetAsync("/");
        home.Headers.ETag.Should().BeNull("a signed-in page names the user");

        var keyed = await app.Clerk().GetAsync("/api/documents");
        keyed.Headers.ETag.Should().BeNull();
    }
}
