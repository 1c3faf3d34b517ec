using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Oversight;

/// <summary>What the subscription tests share: a subscription with a known secret, and a repeal (a reviewer's act).</summary>
internal static class Subscribers
{
    public const string Secret = "subscriber-secret-0123456789";

    public static async Task<Guid> Subscribe(HttpClient client, string url, string jurisdiction, string[]? kinds = null) =>
        (await Given.Post(client, "/api/subscriptions", new { url, secret = Secret, jurisdiction, kinds, reason = "测试订阅" }))["id"]!.GetValue<Guid>();

    public static Task Repeal(HttpClient reviewer, Guid id, long version, string on) =>
        Given.Post(reviewer, $"/api/documents/{id}/repeal", new { version, on, basis = new { number = "订政发〔2024〕1号" }, reason = "废止" });
}

/// <summary>Subscriptions are delivered: signed, in order, after a receiver's outage, and after the register's own restart.</summary>
[Collection(RegisterCollection.Name)]
public class SubscriptionTests(RegisterApp app)
{
    private const string Secret = Subscribers.Secret;

    private static Task<Guid> Subscribe(HttpClient client, string url, string jurisdiction, string[]? kinds = null) => Subscribers.Subscribe(client, url, jurisdiction, kinds);

    private static Task Repeal(HttpClient reviewer, Guid id, long version, string on) => Subscribers.Repeal(reviewer, id, version, on);

    [Fact]
    public async Task when_the_receiver_is_down_during_ten_changes_it_should_get_all_ten_in_order_when_it_comes_back()
    {
        await using var receiver = await Receiver.Start();
        var jurisdiction = Given.Jurisdiction();
        var subscription = await Subscribe(app.Clerk(), receiver.Url, jurisdiction);
        receiver.Down = true;
        var clerk = app.Clerk();
        var (id, version) = await Given.Registered(clerk, Given.Document(jurisdiction, "订政规发〔2020〕2号", "某某县物业服务收费管理办法", "2020-01-10", new { on = "2020-02-01" }));
        // Registration (2 events: registered, effective) is one change the subscriber hears; nine retentions follow.
        for (var i = 0; i < 9; i++)
        {
            var retained = await Given.Post(clerk, $"/api/documents/{id}/retention",
                new { version, on = $"2021-0{i + 1}-01", basis = new { number = $"订政发〔2021〕{i + 1}号" }, reason = "清理保留" });
            version = retained["version"]!.GetValue<long>();
        }
        // The shared host's daemon reaches these changes when it reaches them; wait until all ten are owed.
        var owed = 0;
        for (var wait = 0; wait < 300 && owed < 10; wait++)
        {
            owed = (await Given.Get(clerk, $"/api/subscriptions/{subscription}"))["owed"]!.GetValue<int>();
            if (owed < 10) await Task.Delay(100);
        }
        owed.Should().Be(10);
        receiver.Distinct().Should().BeEmpty("the receiver is down");

        receiver.Down = false;
        var received = await receiver.WaitFor(10, TimeSpan.FromSeconds(30));
        received.Should().HaveCount(10);
        received.Select(r => r.Kind).Should().Equal(["registered", .. Enumerable.Repeat("retained", 9)]);
        var sequences = received.Select(r => JsonNode.Parse(r.Body)!["change"]!["sequence"]!.GetValue<long>()).ToList();
        sequences.Should().BeInAscendingOrder("they arrive in the order they were recorded");
        (await Given.Get(clerk, $"/api/subscriptions/{subscription}"))["owed"]!.GetValue<int>().Should().Be(0);
    }

    [Fact]
    public async Task when_a_term_runs_out_the_register_should_note_the_lapse_once_on_that_day_and_tell_subscribers()
    {
        await using var receiver = await Receiver.Start();
        var jurisdiction = Given.Jurisdiction();
        await Subscribe(app.Clerk(), receiver.Url, jurisdiction, ["term_lapsed"]);
        // Beijing's yesterday: the term's last day was yesterday, so it lapses today.
        var beijingToday = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var lastDay = beijingToday.AddDays(-1);
        var (lapsing, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "订政规发〔2020〕3号", "某某县临时救助办法", "2020-01-10",
            new { on = "2020-02-01" }, new { on = lastDay.ToString("yyyy-MM-dd") }));
        var (later, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "订政规发〔2020〕4号", "某某县就业补贴办法", "2020-01-10",
            new { on = "2020-02-01" }, new { on = beijingToday.AddYears(1).ToString("yyyy-MM-dd") }));

        var received = await receiver.WaitFor(1, TimeSpan.FromSeconds(10));
        received.Should().ContainSingle();
        JsonNode.Parse(received[0].Body)!["change"]!["documentId"]!.GetValue<Guid>().Should().Be(lapsing);
        await Task.Delay(1500);
        var timeline = (await Given.Get(app.Clerk(), $"/api/documents/{lapsing}"))["timeline"]!.AsArray();
        var lapse = timeline.Where(t => t!["kind"]!.GetValue<string>() == "term_lapsed").ToList();
        lapse.Should().ContainSingle("the lapse is noted once");
        lapse[0]!["legalDate"]!.GetValue<string>().Should().Be(beijingToday.ToString("yyyy-MM-dd"));
        lapse[0]!["recordedBy"]!.GetValue<string>().Should().Be("register (term lapse)");
        (await Given.Get(app.Anonymous(), $"/api/documents/{later}"))["timeline"]!.AsArray()
            .Should().NotContain(t => t!["kind"]!.GetValue<string>() == "term_lapsed", "its term runs for another year");
    }

    [Fact]
    public async Task when_a_clerk_manages_subscriptions_on_the_staff_page_each_write_should_redirect_and_show_what_was_done()
    {
        await using var receiver = await Receiver.Start();
        var browser = StaffClient.Browser(app);
        await StaffClient.SignIn(browser, RegisterApp.StaffClerk.User, RegisterApp.StaffClerk.Password);
        async Task<HttpResponseMessage> Submit(string path, Dictionary<string, string> fields)
        {
            fields["__RequestVerificationToken"] = StaffClient.Token(await browser.GetStringAsync("/staff/subscriptions"));
            return await browser.PostAsync(path, new FormUrlEncodedContent(fields));
        }

        var refused = await Submit("/staff/subscriptions", new() { ["url"] = "http://10.1.2.3/hook", ["secret"] = Secret, ["reason"] = "测试" });
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("aria-invalid=\"true\"").And.Contain("不允许向内部或保留地址发送");

        var created = await Submit("/staff/subscriptions", new() { ["url"] = receiver.Url, ["secret"] = Secret, ["reason"] = "市司法局接收变更" });
        created.StatusCode.Should().Be(HttpStatusCode.Redirect);
        created.Headers.Location!.OriginalString.Should().Be("/staff/subscriptions?done=created");
        var page = await browser.GetStringAsync("/staff/subscriptions?done=created");
        page.Should().Contain("已创建订阅").And.Contain(receiver.Url).And.NotContain(Secret, "a secret is never shown again");

        var list = await Given.Get(app.Clerk(), "/api/subscriptions");
        var id = list.AsArray().First(s => s!["url"]!.GetValue<string>() == receiver.Url)!["id"]!.GetValue<string>();
        var ended = await Submit($"/staff/subscriptions/{id}/end", []);
        ended.Headers.Location!.OriginalString.Should().Be("/staff/subscriptions?done=ended");
        (await Given.Get(app.Clerk(), $"/api/subscriptions/{id}"))["active"]!.GetValue<bool>().Should().BeFalse();
    }

    [Theory]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://192.168.1.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("ftp://example.gov.cn/hook")]
    [InlineData("http://user:pass@example.gov.cn/hook")]
    public async Task when_a_receiver_is_on_a_private_or_reserved_address_the_subscription_should_be_refused(string url)
    {
        var response = await app.Clerk().PostAsJsonAsync("/api/subscriptions", new { url, secret = Secret, reason = "测试" });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Given.Problem(response))["errors"]!["url"].Should().NotBeNull();
    }

    [Fact]
    public async Task when_a_subscription_is_malformed_or_anonymous_it_should_be_refused_naming_the_field()
    {
        var response = await app.Clerk().PostAsJsonAsync("/api/subscriptions", new { url = "http://127.0.0.1:9/hook", secret = "short", kinds = new[] { "everything" }, reason = "测试" });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Given.Problem(response))["errors"]!.AsObject().Select(e => e.Key).Should().Contain(["secret", "kinds[0]"]);
        (await app.Anonymous().PostAsJsonAsync("/api/subscriptions", new { url = "http://127.0.0.1:9/hook", secret = Secret, reason = "测试" }))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await app.Anonymous().GetAsync("/api/subscriptions")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}

/// <summary>
/// How soon a subscriber hears of a repeal, on a register of its own: the shared test host's daemon is busy with every
/// other test's changes, which says nothing about a repeal's latency.
/// </summary>
public sealed class DeliveryLatencyTests(RegisterApp app) : IClassFixture<RegisterApp>
{
    private const string Secret = Subscribers.Secret;

    private static Task<Guid> Subscribe(HttpClient client, string url, string jurisdiction, string[]? kinds = null) => Subscribers.Subscribe(client, url, jurisdiction, kinds);

    private static Task Repeal(HttpClient reviewer, Guid id, long version, string on) => Subscribers.Repeal(reviewer, id, version, on);

    [Fact]
    public async Task when_a_document_is_repealed_a_subscriber_on_loopback_should_receive_a_signed_message_within_five_seconds()
    {
        await using var receiver = await Receiver.Start();
        var jurisdiction = Given.Jurisdiction();
        await Subscribe(app.Clerk(), receiver.Url, jurisdiction, ["repealed"]);
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "订政规发〔2020〕1号", "某某县供热管理办法", "2020-01-10", new { on = "2020-02-01" }));

        var started = DateTimeOffset.UtcNow;
        await Repeal(app.Reviewer(), id, version, "2024-07-01");
        var received = await receiver.WaitFor(1, TimeSpan.FromSeconds(5));
        received.Should().ContainSingle("only the repeal was asked for, not the registration");
        var message = received[0];
        (message.At - started).Should().BeLessThan(TimeSpan.FromSeconds(5));
        message.Kind.Should().Be("repealed");
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(message.Body)));
        message.Signature.Should().Be(expected);
        var body = JsonNode.Parse(message.Body)!;
        body["deliveryId"]!.GetValue<string>().Should().Be(message.Delivery);
        body["change"]!["documentId"]!.GetValue<Guid>().Should().Be(id);
        body["change"]!["number"]!.GetValue<string>().Should().Be("订政规发〔2020〕1号");
        body["change"]!["legalDate"]!.GetValue<string>().Should().Be("2024-07-01");
    }

}

/// <summary>The register stops right after a change is committed, before anything is sent; a new host on the same database delivers it.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly RegisterApp _first = new();

    public Task InitializeAsync() => ((IAsyncLifetime)_first).InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)_first).DisposeAsync();

    private sealed class RestartedApp(string database) : RegisterApp(database);

    [Fact]
    public async Task when_the_register_stops_between_commit_and_send_a_restarted_register_should_deliver_the_change()
    {
        await using var receiver = await Receiver.Start();
        receiver.Down = true;
        var jurisdiction = Given.Jurisdiction();
        await Given.Post(_first.Clerk(), "/api/subscriptions", new { url = receiver.Url, secret = "subscriber-secret-0123456789", jurisdiction, reason = "测试订阅" });
        var (id, _) = await Given.Registered(_first.Clerk(), Given.Document(jurisdiction, "订政规发〔2020〕9号", "某某县公共租赁住房管理办法", "2020-01-10", new { on = "2020-02-01" }));
        // Stop at once: the change is committed; whatever was owed for it is in PostgreSQL only.
        await _first.DisposeAsync();
        receiver.Down = false;
        receiver.Distinct().Should().BeEmpty();

        await using var restarted = new RestartedApp(_first.DatabaseName);
        await ((IAsyncLifetime)restarted).InitializeAsync();
        var received = await receiver.WaitFor(1, TimeSpan.FromSeconds(30));
        received.Should().ContainSingle();
        JsonNode.Parse(received[0].Body)!["change"]!["documentId"]!.GetValue<Guid>().Should().Be(id);
    }
}
