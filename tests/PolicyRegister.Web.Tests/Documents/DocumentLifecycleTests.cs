using System.Net;
using System.Net.Http.Json;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Documents;

[Collection(RegisterCollection.Name)]
public class DocumentLifecycleTests(RegisterApp app)
{
    private const string FlightNumber = "卫政规发〔2024〕1号";
    private const string FlightTitle = "中卫市人民政府关于印发《中卫市航空运输发展专项资金管理办法》的通知";

    private async Task<(Guid Id, long Version, string Jurisdiction)> FlightSeasonDocument()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政规发[2024]1号", FlightTitle, "2024-01-16",
            effective: new { on = "2024-02-17" }, expires: new { text = "2027年夏秋航季结束" }));
        return (id, version, jurisdiction);
    }

    [Fact]
    public async Task when_the_flight_season_document_is_asked_before_and_after_it_took_effect_it_should_answer_by_date()
    {
        var (id, _, _) = await FlightSeasonDocument();

        var before = await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on=2024-02-01");
        before["status"]!.GetValue<string>().Should().Be("not_yet_effective");

        var after = await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on=2024-03-01");
        after["status"]!.GetValue<string>().Should().Be("in_force");
        after["since"]!.GetValue<string>().Should().Be("2024-02-17");
        after["number"]!.GetValue<string>().Should().Be(FlightNumber);
        after["expiry"]!["text"]!.GetValue<string>().Should().Be("2027年夏秋航季结束");
        after["expiry"]!["resolved"]!.GetValue<bool>().Should().BeFalse();
        after["expiry"]!["on"].Should().BeNull();
    }

    [Fact]
    public async Task when_a_repeal_is_recorded_asking_as_of_before_it_was_recorded_should_give_the_old_answer()
    {
        var (id, version, _) = await FlightSeasonDocument();
        await Task.Delay(50);
        var beforeRepeal = DateTimeOffset.UtcNow;
        await Task.Delay(50);

        await Given.Post(app.Reviewer(), $"/api/documents/{id}/repeal",
            new { version, on = "2024-06-01", basis = new { number = "卫政规发〔2024〕9号" }, reason = "依据废止决定登记" });

        var now = await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on=2024-07-01");
        now["status"]!.GetValue<string>().Should().Be("repealed");
        now["basis"]!["number"]!.GetValue<string>().Should().Be("卫政规发〔2024〕9号");
        now["since"]!.GetValue<string>().Should().Be("2024-06-01");

        var past = await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on=2024-07-01&asOf={Uri.EscapeDataString(beforeRepeal.ToString("O"))}");
        past["status"]!.GetValue<string>().Should().Be("in_force");
        DateTimeOffset.Parse(past["upToDateAsOf"]!.GetValue<string>()).Should().BeBefore(beforeRepeal);
    }

    [Fact]
    public async Task when_asked_as_of_before_the_document_was_registered_it_should_be_404()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        var (id, _, _) = await FlightSeasonDocument();
        var response = await app.Anonymous().GetAsync($"/api/documents/{id}/status?asOf={Uri.EscapeDataString(before.ToString("O"))}");
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task when_the_document_is_read_its_timeline_should_show_legal_dates_recorded_times_authors_and_reasons()
    {
        var (id, version, _) = await FlightSeasonDocument();
        await Given.Post(app.Reviewer(), $"/api/documents/{id}/term/resolution", new { version, until = "2027-10-30", note = "民航局公布的航季结束日", reason = "核定航季" });

        var doc = await Given.Get(app.Clerk(), $"/api/documents/{id}");
        var timeline = doc["timeline"]!.AsArray();
        timeline.Select(t => t!["kind"]!.GetValue<string>()).Should().Equal("registered", "effective", "term", "term_resolved");
        timeline[1]!["legalDate"]!.GetValue<string>().Should().Be("2024-02-17");
        timeline[3]!["recordedBy"]!.GetValue<string>().Should().Be(RegisterApp.ReviewerName);
        timeline[3]!["reason"]!.GetValue<string>().Should().Be("核定航季");
        timeline[0]!["recordedBy"]!.GetValue<string>().Should().Be(RegisterApp.ClerkName);
        doc["status"]!["expiry"]!["on"]!.GetValue<string>().Should().Be("2027-10-30");

        // The public sees the office's role, never a person's or a machine's name.
        var open = (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["timeline"]!.AsArray();
        open.Select(t => t!["recordedBy"]!.GetValue<string>()).Should().OnlyContain(n => n.StartsWith("登记机关"));
        (await app.Anonymous().GetStringAsync($"/documents/{id}")).Should().NotContain(RegisterApp.ClerkName).And.NotContain(RegisterApp.ReviewerName);
    }

    [Fact]
    public async Task when_registering_a_number_already_in_the_jurisdiction_in_another_bracket_style_it_should_be_409()
    {
        var (_, _, jurisdiction) = await FlightSeasonDocument();
        var response = await app.Clerk().PostAsJsonAsync("/api/documents",
            Given.Document(jurisdiction, "（卫政规发【2024】1 号）", "另一标题", "2024-01-16"));
        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Given.Problem(response))["detail"]!.GetValue<string>().Should().Contain("卫政规发〔2024〕1号");
    }

    [Fact]
    public async Task when_searching_by_any_written_form_of_the_number_it_should_find_the_document()
    {
        var (id, _, jurisdiction) = await FlightSeasonDocument();
        foreach (var written in new[] { "卫政规发[2024]1号", "(卫政规发［2024］1号)", "卫政规发〔2024〕1 号" })
        {
            var page = await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={Uri.EscapeDataString(jurisdiction)}&number={Uri.EscapeDataString(written)}");
            page["items"]!.AsArray().Should().ContainSingle().Which!["id"]!.GetValue<Guid>().Should().Be(id);
        }
    }

    [Fact]
    public async Task when_searching_by_title_words_and_status_on_a_date_it_should_use_the_validity_interval()
    {
        var (id, version, jurisdiction) = await FlightSeasonDocument();
        var (other, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政办发〔2019〕1号", "中卫市城市绿化管理办法", "2019-01-10", new { on = "2019-02-01" }));
        await Given.Post(app.Reviewer(), $"/api/documents/{other}/repeal", new { version = 2, on = "2023-12-19", basis = new { number = "卫政规发〔2023〕2号" }, reason = "清理" });
        var j = Uri.EscapeDataString(jurisdiction);

        async Task<Guid[]> Ids(string query) => (await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={j}&{query}"))["items"]!
            .AsArray().Select(i => i!["id"]!.GetValue<Guid>()).ToArray();

        (await Ids($"q={Uri.EscapeDataString("航空运输")}")).Should().Equal(id);
        (await Ids("status=in_force&on=2024-03-01")).Should().Equal(id);
        (await Ids("status=repealed&on=2024-03-01")).Should().Equal(other);
        (await Ids("status=in_force&on=2020-01-01")).Should().Equal(other);
        (await Ids("status=not_yet_effective&on=2020-01-01")).Should().Equal(id);
        (await Ids("year=2019")).Should().Equal(other);
    }

    [Fact]
    public async Task when_a_write_has_no_key_or_a_wrong_key_it_should_be_401_and_store_nothing()
    {
        var jurisdiction = Given.Jurisdiction();
        var doc = Given.Document(jurisdiction, "卫政发〔2020〕3号", "未经授权的登记", "2020-01-01");

        (await app.Anonymous().PostAsJsonAsync("/api/documents", doc)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await app.WithKey("not-a-real-key-at-all-000000").PostAsJsonAsync("/api/documents", doc)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var (id, version, _) = await FlightSeasonDocument();
        var repeal = new { version, on = "2024-06-01", basis = new { number = "卫政规发〔2024〕9号" }, reason = "x" };
        (await app.Anonymous().PostAsJsonAsync($"/api/documents/{id}/repeal", repeal)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var page = await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={Uri.EscapeDataString(jurisdiction)}");
        page["total"]!.GetValue<long>().Should().Be(0);
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["version"]!.GetValue<long>().Should().Be(version);
    }

    [Fact]
    public async Task when_two_writes_race_with_the_same_expected_version_exactly_one_should_win_and_the_other_get_409()
    {
        var (id, version, _) = await FlightSeasonDocument();
        var a = app.Clerk().PostAsJsonAsync($"/api/documents/{id}/amendment-order",
            new { version, on = "2024-05-01", basis = new { number = "卫政规发〔2024〕5号" }, reason = "甲" });
        var b = app.Reviewer().PostAsJsonAsync($"/api/documents/{id}/amendment-order",
            new { version, on = "2024-05-02", basis = new { number = "卫政规发〔2024〕6号" }, reason = "乙" });
        var codes = (await Task.WhenAll(a, b)).Select(r => r.StatusCode).ToList();

        codes.Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict]);
        var doc = await Given.Get(app.Anonymous(), $"/api/documents/{id}");
        doc["version"]!.GetValue<long>().Should().Be(version + 1);
        doc["timeline"]!.AsArray().Count(t => t!["kind"]!.GetValue<string>() == "amendment_ordered").Should().Be(1);
    }

    [Fact]
    public async Task when_the_version_is_stale_the_write_should_be_409()
    {
        var (id, version, _) = await FlightSeasonDocument();
        var response = await app.Clerk().PostAsJsonAsync($"/api/documents/{id}/retention",
            new { version = version - 1, on = "2024-05-01", basis = new { number = "卫政规发〔2024〕5号" }, reason = "x" });
        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Given.Problem(response))["status"]!.GetValue<int>().Should().Be(409);
    }
}
