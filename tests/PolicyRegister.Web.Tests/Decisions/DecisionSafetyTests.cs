using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Decisions;

/// <summary>A decision cannot end the wrong document, cannot be silently rewritten, and its notice prints what it decided.</summary>
[Collection(RegisterCollection.Name)]
public class DecisionSafetyTests(RegisterApp app)
{
    private const string Flight = "中卫市人民政府关于印发《中卫市航空运输发展专项资金管理办法》的通知";

    private static JsonObject Decision(string jurisdiction, string number, params JsonObject[] items) => new()
    {
        ["number"] = number, ["title"] = "某某人民政府关于废止部分行政规范性文件的决定", ["issuers"] = new JsonArray("中卫市人民政府"),
        ["jurisdiction"] = jurisdiction, ["signedOn"] = "2024-06-20", ["effective"] = new JsonObject { ["on"] = "2024-07-01" },
        ["items"] = new JsonArray(items), ["reason"] = "清理",
    };

    private static JsonObject Row(string action, int seq, string title, string? number = null, Guid? documentId = null)
    {
        var row = new JsonObject { ["action"] = action, ["seq"] = seq, ["title"] = title, ["number"] = number };
        if (documentId is { } id) row["documentId"] = id;
        return row;
    }

    private async Task<JsonNode> Status(Guid id, string on) => await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on={on}");

    [Fact]
    public async Task when_a_row_matches_by_number_but_its_title_has_nothing_in_common_apply_should_wait_for_a_confirmation()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政办发〔2019〕1号", "中卫市城市绿化管理办法", "2019-01-10", new { on = "2019-02-01" }));
        var decision = Decision(jurisdiction, "测规发〔2024〕1号", Row("repeal", 1, "完全不相干的标题", "卫政办发〔2019〕1号"));

        var preview = await Given.Post(app.Clerk(), "/api/decisions/preview", decision);
        var row = preview["items"]![0]!;
        row["match"]!.GetValue<string>().Should().Be("number_only");
        row["needsConfirmation"]!.GetValue<bool>().Should().BeTrue();
        row["registerTitle"]!.GetValue<string>().Should().Be("中卫市城市绿化管理办法");
        row["titleSimilarity"]!.GetValue<double>().Should().BeLessThan(0.5);
        row["warnings"]![0]!.GetValue<string>().Should().Contain("完全不相干的标题").And.Contain("中卫市城市绿化管理办法");
        preview["canApply"]!.GetValue<bool>().Should().BeFalse();

        var refused = await app.Reviewer().PostAsJsonAsync("/api/decisions", decision);
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Status(id, "2024-08-01"))["status"]!.GetValue<string>().Should().Be("in_force");

        var confirmed = Decision(jurisdiction, "测规发〔2024〕1号", Row("repeal", 1, "完全不相干的标题", "卫政办发〔2019〕1号", id));
        (await app.Reviewer().PostAsJsonAsync("/api/decisions", confirmed)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Status(id, "2024-08-01"))["status"]!.GetValue<string>().Should().Be("repealed");
    }

    [Fact]
    public async Task when_a_row_gives_only_the_inner_title_it_should_find_the_notice_that_printed_it_not_create_a_phantom()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政规发〔2024〕1号", Flight, "2024-01-16", new { on = "2024-02-17" }));
        var decision = Decision(jurisdiction, "测规发〔2024〕2号", Row("repeal", 1, "中卫市航空运输发展专项资金管理办法"));

        var row = (await Given.Post(app.Clerk(), "/api/decisions/preview", decision))["items"]![0]!;
        row["match"]!.GetValue<string>().Should().Be("inner_title");
        row["documentId"]!.GetValue<Guid>().Should().Be(id);

        (await app.Reviewer().PostAsJsonAsync("/api/decisions", decision)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await Status(id, "2024-07-02"))["status"]!.GetValue<string>().Should().Be("repealed");
        (await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={jurisdiction}"))["total"]!.GetValue<long>()
            .Should().Be(2, "the register holds the notice and the decision itself, no phantom");
    }

    [Fact]
    public async Task when_a_row_names_another_notice_of_the_same_issuer_it_should_not_be_matched_by_their_shared_wrapper()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政规发〔2020〕3号",
            "中卫市人民政府关于印发《中卫市城市排水管理办法》的通知", "2020-03-02", new { on = "2020-04-01" }));
        // The register does not hold the water-supply notice the row names; only the drainage one, of the same issuer.
        var decision = Decision(jurisdiction, "测规发〔2024〕9号", Row("repeal", 1, "中卫市人民政府关于印发《中卫市城市供水管理办法》的通知"));

        var preview = await Given.Post(app.Clerk(), "/api/decisions/preview", decision);
        var row = preview["items"]![0]!;
        row["match"]!.GetValue<string>().Should().Be("ambiguous", "alike inside (0.8), not the same notice");
        row["documentId"].Should().BeNull();
        row["candidates"]![0]!["documentId"]!.GetValue<Guid>().Should().Be(id);
        row["candidates"]![0]!["score"]!.GetValue<double>().Should().Be(0.8);
        preview["canApply"]!.GetValue<bool>().Should().BeFalse();

        (await app.Reviewer().PostAsJsonAsync("/api/decisions", decision)).StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Status(id, "2024-08-01"))["status"]!.GetValue<string>().Should().Be("in_force");
    }

    [Fact]
    public async Task when_rows_name_an_issuers_own_titles_they_should_match_by_what_follows_guan_yu_and_prefer_the_title_given_whole()
    {
        var jurisdiction = Given.Jurisdiction();
        var (government, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政发〔2019〕5号",
            "中卫市人民政府关于加强城市供水工作的意见", "2019-05-06", new { on = "2019-06-01" }));
        var (office, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政办发〔2021〕8号",
            "中卫市人民政府办公室关于加强城市供水工作的意见", "2021-08-02", new { on = "2021-09-01" }));
        var decision = Decision(jurisdiction, "测规发〔2024〕10号",
            Row("repeal", 1, "中卫市人民政府关于加强城市供水工作的意见"),
            Row("repeal", 2, "关于加强城市供水工作的意见"),
            Row("repeal", 3, "中卫市人民政府关于加强城市排水工作的意见"),
            Row("repeal", 4, "《中卫市人民政府关于加强城市排水工作的意见》"));

        var items = (await Given.Post(app.Clerk(), "/api/decisions/preview", decision))["items"]!.AsArray();
        items[0]!["match"]!.GetValue<string>().Should().Be("title", "the register holds this title whole once");
        items[0]!["documentId"]!.GetValue<Guid>().Should().Be(government);
        items[0]!["candidates"]!.AsArray().Select(c => c!["documentId"]!.GetValue<Guid>()).Should().BeEquivalentTo([government, office]);
        items[1]!["match"]!.GetValue<string>().Should().Be("ambiguous", "without its issuer the row fits both");
        items[2]!["match"]!.GetValue<string>().Should().Be("ambiguous", "alike to the water-supply opinions (0.8), not the same");
        items[2]!["documentId"].Should().BeNull();
        items[3]!["match"]!.GetValue<string>().Should().Be("ambiguous", "quoted as an annex quotes it, the same title");
    }

    [Fact]
    public async Task when_an_applied_decision_number_is_posted_with_other_content_it_should_be_409_listing_what_differs()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政办发〔2019〕2号", "中卫市养犬管理办法", "2019-01-10", new { on = "2019-02-01" }));
        var decision = Decision(jurisdiction, "测规发〔2024〕3号", Row("repeal", 1, "中卫市养犬管理办法", "卫政办发〔2019〕2号"));
        (await app.Reviewer().PostAsJsonAsync("/api/decisions", decision)).StatusCode.Should().Be(HttpStatusCode.Created);

        var same = await app.Reviewer().PostAsJsonAsync("/api/decisions", decision);
        same.StatusCode.Should().Be(HttpStatusCode.OK);
        (await same.Content.ReadFromJsonAsync<JsonNode>())!["alreadyApplied"]!.GetValue<bool>().Should().BeTrue();

        var other = Decision(jurisdiction, "测规发〔2024〕3号", Row("repeal", 1, "中卫市养犬管理办法", "卫政办发〔2019〕2号"), Row("repeal", 2, "另一件文件"));
        other["title"] = "另一个标题";
        var conflict = await app.Reviewer().PostAsJsonAsync("/api/decisions", other);
        conflict.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var differences = (await Given.Problem(conflict))["differences"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
        differences.Should().Contain(d => d.StartsWith("title")).And.Contain(d => d.Contains("Repeal#2 added"));
    }

    [Fact]
    public async Task when_a_notice_is_published_it_should_print_the_decisions_own_effective_clause_and_recorded_text()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政办发〔2019〕3号", "中卫市户外广告管理办法", "2019-01-10", new { on = "2019-02-01" }));
        var generated = Decision(jurisdiction, "测规发〔2024〕4号", Row("repeal", 1, "中卫市户外广告管理办法", "卫政办发〔2019〕3号"));
        (await app.Reviewer().PostAsJsonAsync("/api/decisions", generated)).StatusCode.Should().Be(HttpStatusCode.Created);
        var notice = await app.Anonymous().GetStringAsync($"/publish/decisions/{Uri.EscapeDataString("测规发〔2024〕4号")}?jurisdiction={jurisdiction}&format=txt");
        notice.Should().Contain("本决定自2024年7月1日起施行").And.NotContain("自公布之日起施行");

        var recorded = Decision(jurisdiction, "测规发〔2024〕5号", Row("retain", 1, "中卫市户外广告管理办法", "卫政办发〔2019〕3号"));
        recorded["addressees"] = "各县（区）人民政府，市政府各部门：";
        recorded["body"] = "经研究，决定保留下列文件。\n本决定自印发之日起施行。";
        recorded["effective"] = new JsonObject { ["rule"] = "on_signing" };
        (await app.Reviewer().PostAsJsonAsync("/api/decisions", recorded)).StatusCode.Should().Be(HttpStatusCode.Created);
        var printed = await app.Anonymous().GetStringAsync($"/publish/decisions/{Uri.EscapeDataString("测规发〔2024〕5号")}?jurisdiction={jurisdiction}&format=txt");
        printed.Should().Contain("各县（区）人民政府，市政府各部门：").And.Contain("经研究，决定保留下列文件。").And.Contain("本决定自印发之日起施行");
    }

    [Fact]
    public async Task when_a_document_known_only_from_a_decision_is_completed_it_should_meet_the_same_date_rules_as_each_fact()
    {
        var jurisdiction = Given.Jurisdiction();
        var decision = Decision(jurisdiction, "测规发〔2024〕6号", Row("repeal", 1, "一件仅见于决定的文件", "测政发〔2010〕7号"));
        decision["effective"] = new JsonObject { ["on"] = "2024-08-01" };
        (await app.Reviewer().PostAsJsonAsync("/api/decisions", decision)).StatusCode.Should().Be(HttpStatusCode.Created);
        var stub = (await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={jurisdiction}&number={Uri.EscapeDataString("测政发〔2010〕7号")}"))["items"]![0]!;
        var (id, version) = (stub["id"]!.GetValue<Guid>(), (await Given.Get(app.Anonymous(), $"/api/documents/{stub["id"]}"))["version"]!.GetValue<long>());

        // The fact's own endpoint refuses an effective date after the repeal …
        var direct = await app.Clerk().PostAsJsonAsync($"/api/documents/{id}/effective", new { version, effective = new { on = "2025-01-01" }, reason = "r" });
        direct.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        // … and so does the registration that completes the document, for the same date and for a signing after the repeal.
        var registered = await app.Clerk().PostAsJsonAsync("/api/documents", Given.Document(jurisdiction, "测政发〔2010〕7号", "一件仅见于决定的文件", "2010-01-01", new { on = "2025-01-01" }));
        registered.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Given.Problem(registered))["errors"]!["effective.on"].Should().NotBeNull();
        var lateSigning = await app.Clerk().PostAsJsonAsync("/api/documents", Given.Document(jurisdiction, "测政发〔2010〕7号", "一件仅见于决定的文件", "2024-09-01"));
        lateSigning.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Given.Problem(lateSigning))["errors"]!["signedOn"].Should().NotBeNull();
        var correction = await app.Clerk().PostAsJsonAsync($"/api/documents/{id}/correction", new { version, field = "signedOn", newValue = "2024-09-01", reason = "r" });
        correction.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);

        var fine = await app.Clerk().PostAsJsonAsync("/api/documents", Given.Document(jurisdiction, "测政发〔2010〕7号", "一件仅见于决定的文件", "2010-01-01", new { on = "2010-02-01" }));
        fine.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task when_a_decision_retains_an_expired_document_or_repeals_one_never_in_force_the_preview_should_warn()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政办发〔2019〕4号", "中卫市临时救助办法", "2019-01-10", new { on = "2019-02-01" }, new { on = "2020-12-31" }));
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政办发〔2019〕5号", "中卫市未来施行的办法", "2019-01-10", new { on = "2030-01-01" }));
        var decision = Decision(jurisdiction, "测规发〔2024〕7号",
            Row("retain", 1, "中卫市临时救助办法", "卫政办发〔2019〕4号"), Row("repeal", 1, "中卫市未来施行的办法", "卫政办发〔2019〕5号"));
        var items = (await Given.Post(app.Clerk(), "/api/decisions/preview", decision))["items"]!.AsArray();
        items[0]!["warnings"]![0]!.GetValue<string>().Should().Contain("2020-12-31");
        items[1]!["warnings"]![0]!.GetValue<string>().Should().Contain("从未生效");
    }

    [Fact]
    public async Task when_a_text_term_may_have_passed_the_answer_should_carry_a_caveat_and_the_proposed_date_without_resolving_it()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政规发〔2024〕1号", Flight, "2024-01-16",
            new { on = "2024-02-17" }, new { text = "2027年夏秋航季结束" }));

        var before = await Status(id, "2027-10-30");
        before["status"]!.GetValue<string>().Should().Be("in_force");
        before["termUnresolved"]!.GetValue<bool>().Should().BeFalse();
        before["termProposal"]!.GetValue<string>().Should().Be("2027-10-30", "the day before the last Sunday of October 2027");

        var after = await Status(id, "2028-01-01");
        after["status"]!.GetValue<string>().Should().Be("in_force", "nothing is resolved automatically");
        after["termUnresolved"]!.GetValue<bool>().Should().BeTrue();
        after["caveat"]!.GetValue<string>().Should().Contain("有效期").And.Contain("待核定，可能已届满").And.Contain("2027年10月30日");

        var page = await app.Anonymous().GetStringAsync($"/documents/{id}?on=2028-01-01");
        page.Should().Contain("待核定，可能已届满");
        var certificate = await app.Anonymous().GetStringAsync($"/publish/documents/{id}/certificate?on=2028-01-01&format=txt");
        certificate.Should().Contain("待核定，可能已届满");
    }

    [Fact]
    public async Task when_as_of_has_no_zone_it_should_be_read_as_beijing_time()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政发〔2020〕77号", "时区测试文件", "2020-01-10"));
        var recordedAt = (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["timeline"]![0]!["recordedAt"]!.GetValue<DateTimeOffset>();
        // One minute before it was recorded, written as Beijing wall time without a zone: the register did not know it yet.
        var beijing = recordedAt.ToOffset(TimeSpan.FromHours(8)).AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ss");
        (await app.Anonymous().GetAsync($"/api/documents/{id}/status?asOf={beijing}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var afterwards = recordedAt.ToOffset(TimeSpan.FromHours(8)).AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:ss");
        (await app.Anonymous().GetAsync($"/api/documents/{id}/status?asOf={afterwards}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task when_staff_preview_the_changes_list_the_preview_should_honour_its_period_end()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政办发〔2019〕6号", "中卫市预览测试办法", "2019-01-10", new { on = "2019-02-01" }));
        (await app.Reviewer().PostAsJsonAsync("/api/decisions", Decision(jurisdiction, "测规发〔2024〕8号", Row("repeal", 1, "中卫市预览测试办法", "卫政办发〔2019〕6号"))))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        async Task<string> Preview(string to) => await (await app.Clerk().PostAsJsonAsync("/api/templates/preview",
            new { output = "changes", format = "txt", jurisdiction, from = "2024-01-01", to })).Content.ReadAsStringAsync();
        (await Preview("2024-06-30")).Should().NotContain("中卫市预览测试办法");
        (await Preview("2024-07-31")).Should().Contain("中卫市预览测试办法");
    }

    [Fact]
    public async Task when_rows_carry_their_verb_and_reason_the_decision_and_its_notice_should_keep_them_in_order()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政办发〔2019〕7号", "中卫市甲办法", "2019-01-10", new { on = "2019-02-01" }));
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政办发〔2019〕8号", "中卫市乙办法", "2019-01-10", new { on = "2019-02-01" }));
        var first = Row("repeal", 1, "中卫市甲办法", "卫政办发〔2019〕7号");
        first["verb"] = "停止执行";
        first["reasonText"] = "被《中卫市丙条例》替代";
        var second = Row("repeal", 2, "中卫市乙办法", "卫政办发〔2019〕8号");
        second["verb"] = "停止执行";
        second["reasonText"] = "调整对象已消失";
        (await app.Reviewer().PostAsJsonAsync("/api/decisions", Decision(jurisdiction, "测规发〔2024〕13号", first, second))).StatusCode.Should().Be(HttpStatusCode.Created);

        var read = await Given.Get(app.Anonymous(), $"/api/decisions/{Uri.EscapeDataString("测规发〔2024〕13号")}?jurisdiction={jurisdiction}");
        read["items"]![0]!["verb"]!.GetValue<string>().Should().Be("停止执行");
        read["items"]![1]!["reasonText"]!.GetValue<string>().Should().Be("调整对象已消失");
        var notice = await app.Anonymous().GetStringAsync($"/publish/decisions/{Uri.EscapeDataString("测规发〔2024〕13号")}?jurisdiction={jurisdiction}&format=txt");
        notice.Should().Contain("决定停止执行的").And.Contain("理由");
        notice.IndexOf("被《中卫市丙条例》替代", StringComparison.Ordinal).Should().BeLessThan(notice.IndexOf("调整对象已消失", StringComparison.Ordinal));
    }
}
