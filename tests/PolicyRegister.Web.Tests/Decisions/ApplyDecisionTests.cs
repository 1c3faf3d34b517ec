using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Decisions;

[Collection(RegisterCollection.Name)]
public class ApplyDecisionTests(RegisterApp app)
{
    private const string Decision2022 = "卫政规发〔2022〕1号";
    private const string Decision2023 = "卫政规发〔2023〕2号";

    /// <summary>Registers every document the two decisions name, except the 2022 decision itself, which applying it registers.</summary>
    private async Task<string> RegisterNamedDocuments()
    {
        var jurisdiction = Given.Jurisdiction();
        var named = ZhongweiDecisions.Items(ZhongweiDecisions.Load(Decision2022, jurisdiction))
            .Concat(ZhongweiDecisions.Items(ZhongweiDecisions.Load(Decision2023, jurisdiction)))
            .Where(i => i.Number != Decision2022);
        foreach (var (number, title) in named)
        {
            var signedOn = number == "卫政办规发〔2019〕1号" ? "2019-03-29" : null;
            await Given.Registered(app.Clerk(), new
            {
                number, title = title.Trim('《', '》'), issuers = new[] { "中卫市人民政府" }, jurisdiction, kind = "normative", signedOn, reason = "据公报登记",
            });
        }
        return jurisdiction;
    }

    private async Task<JsonNode> StatusOf(string jurisdiction, string number, string on)
    {
        var page = await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={Uri.EscapeDataString(jurisdiction)}&number={Uri.EscapeDataString(number)}");
        var id = page["items"]!.AsArray().Single()!["id"]!.GetValue<Guid>();
        return await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on={on}");
    }

    /// <summary>Events of the register; a failed transaction leaves only Marten's tombstones for the sequence numbers it used.</summary>
    private async Task<long> EventCount()
    {
        await using var conn = await app.OpenDatabase();
        await using var cmd = new NpgsqlCommand("select count(*) from register.mt_events where type <> 'tombstone'", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task when_both_zhongwei_decisions_are_applied_in_order_the_register_should_answer_their_status_questions()
    {
        var jurisdiction = await RegisterNamedDocuments();

        var preview = await Given.Post(app.Clerk(), "/api/decisions/preview", ZhongweiDecisions.Load(Decision2022, jurisdiction));
        preview["matches"]!["number_and_title"]!.GetValue<int>().Should().Be(4);
        preview["canApply"]!.GetValue<bool>().Should().BeTrue();

        var first = await app.Reviewer().PostAsJsonAsync("/api/decisions", ZhongweiDecisions.Load(Decision2022, jurisdiction));
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var second = await Given.Ok(await app.Reviewer().PostAsJsonAsync("/api/decisions", ZhongweiDecisions.Load(Decision2023, jurisdiction)));
        second["counts"]!["retain"]!.GetValue<int>().Should().Be(34);
        second["counts"]!["repeal"]!.GetValue<int>().Should().Be(16);
        second["counts"]!["amend"]!.GetValue<int>().Should().Be(4);
        second["items"]!.AsArray().Should().HaveCount(54);

        var repealed2023 = await StatusOf(jurisdiction, "卫政办发〔2010〕226号", "2024-07-04");
        repealed2023["status"]!.GetValue<string>().Should().Be("repealed");
        repealed2023["basis"]!["number"]!.GetValue<string>().Should().Be(Decision2023);

        var amended = await StatusOf(jurisdiction, "卫政办规发[2019]1号", "2024-07-04");
        amended["status"]!.GetValue<string>().Should().Be("in_force");
        amended["pendingAmendment"]!.GetValue<bool>().Should().BeTrue();

        var repealed2022 = await StatusOf(jurisdiction, "卫政发(2005)96号", "2024-07-04");
        repealed2022["status"]!.GetValue<string>().Should().Be("repealed");
        repealed2022["basis"]!["number"]!.GetValue<string>().Should().Be(Decision2022);

        var decision2022 = await StatusOf(jurisdiction, Decision2022, "2024-07-04");
        decision2022["status"]!.GetValue<string>().Should().Be("in_force");
        var timeline = (await Given.Get(app.Anonymous(), $"/api/documents/{decision2022["documentId"]}"))["timeline"]!.AsArray();
        timeline.Select(t => t!["kind"]!.GetValue<string>()).Should().Contain("retained");

        var read = await Given.Get(app.Anonymous(), $"/api/decisions/{Uri.EscapeDataString("卫政规发[2023]2号")}?jurisdiction={Uri.EscapeDataString(jurisdiction)}");
        read["state"]!.GetValue<string>().Should().Be("applied");
        read["outcomes"]!.AsArray().Should().OnlyContain(o => o!["match"]!.GetValue<string>() == "number");
    }

    [Fact]
    public async Task when_the_same_decision_is_applied_twice_the_second_time_should_change_nothing_and_say_so()
    {
        var jurisdiction = await RegisterNamedDocuments();
        var first = await Given.Ok(await app.Reviewer().PostAsJsonAsync("/api/decisions", ZhongweiDecisions.Load(Decision2022, jurisdiction)));
        var events = await EventCount();

        var again = await app.Reviewer().PostAsJsonAsync("/api/decisions", ZhongweiDecisions.Load(Decision2022, jurisdiction));
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await Given.Ok(again);
        body["alreadyApplied"]!.GetValue<bool>().Should().BeTrue();
        body["decisionId"]!.GetValue<Guid>().Should().Be(first["decisionId"]!.GetValue<Guid>());
        (await EventCount()).Should().Be(events);
    }

    [Fact]
    public async Task when_a_clerk_tries_to_apply_a_decision_it_should_be_forbidden_and_store_nothing()
    {
        var jurisdiction = await RegisterNamedDocuments();
        var events = await EventCount();
        var response = await app.Clerk().PostAsJsonAsync("/api/decisions", ZhongweiDecisions.Load(Decision2022, jurisdiction));
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await EventCount()).Should().Be(events);
    }

    [Fact]
    public async Task when_a_conflicting_item_comes_last_nothing_of_the_decision_should_be_applied()
    {
        var jurisdiction = await RegisterNamedDocuments();
        await Given.Ok(await app.Reviewer().PostAsJsonAsync("/api/decisions", ZhongweiDecisions.Load(Decision2022, jurisdiction)));
        var events = await EventCount();

        // The 2023 list, plus a last row repealing again what 2022 already repealed.
        var decision = ZhongweiDecisions.Load(Decision2023, jurisdiction);
        decision["items"]!.AsArray().Add(new JsonObject { ["action"] = "repeal", ["seq"] = 17, ["title"] = "《市人民政府关于印发<中卫市行政许可公示制度>等十项制度的通知》", ["number"] = "卫政发〔2005〕96号" });
        var response = await app.Reviewer().PostAsJsonAsync("/api/decisions", decision);

        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await Given.Problem(response);
        problem["errors"]!.AsObject().Select(e => e.Key).Should().Equal("items[54].action");
        problem["detail"]!.GetValue<string>().Should().Contain(Decision2022);
        (await EventCount()).Should().Be(events);
        (await StatusOf(jurisdiction, "卫政办发〔2010〕226号", "2024-07-04"))["status"]!.GetValue<string>().Should().NotBe("repealed");
    }

    [Fact]
    public async Task when_the_database_refuses_the_last_stream_of_a_decision_no_target_stream_should_change()
    {
        var jurisdiction = await RegisterNamedDocuments();
        var events = await EventCount();

        // The last row forces a new document under a number the jurisdiction already has: the unique index
        // refuses it at commit, after every other stream of the decision was written in the same transaction.
        var decision = ZhongweiDecisions.Load(Decision2022, jurisdiction);
        decision["items"]!.AsArray().Add(new JsonObject { ["action"] = "repeal", ["seq"] = 5, ["title"] = "重复登记的文件", ["number"] = "卫政办发〔2010〕226号", ["createNew"] = true });
        var response = await app.Reviewer().PostAsJsonAsync("/api/decisions", decision);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await EventCount()).Should().Be(events);
        (await StatusOf(jurisdiction, "卫政发〔2005〕96号", "2024-07-04"))["status"]!.GetValue<string>().Should().Be("unknown");
        (await app.Anonymous().GetAsync($"/api/decisions/{Uri.EscapeDataString(Decision2022)}?jurisdiction={Uri.EscapeDataString(jurisdiction)}"))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task when_the_same_number_is_listed_under_two_actions_the_preview_should_flag_both_rows()
    {
        var jurisdiction = await RegisterNamedDocuments();
        var decision = ZhongweiDecisions.Load(Decision2023, jurisdiction);
        decision["items"]!.AsArray().Add(new JsonObject { ["action"] = "repeal", ["seq"] = 17, ["title"] = "《中卫市地震宏观监测管理办法》", ["number"] = "卫政办发[2011]105号" });
        var preview = await Given.Post(app.Clerk(), "/api/decisions/preview", decision);
        preview["canApply"]!.GetValue<bool>().Should().BeFalse();
        var flagged = preview["items"]!.AsArray().Where(i => i!["problems"]!.AsArray().Count > 0).Select(i => i!["index"]!.GetValue<int>());
        flagged.Should().Equal(54);
    }

    [Fact]
    public async Task when_an_item_has_no_number_the_preview_should_match_it_by_title_or_report_it_new()
    {
        var jurisdiction = await RegisterNamedDocuments();
        var decision = ZhongweiDecisions.Load(Decision2022, jurisdiction);
        decision["items"] = new JsonArray(
            new JsonObject { ["action"] = "repeal", ["seq"] = 1, ["title"] = "《中卫市国土资源违法行为报告办法》", ["number"] = null },
            new JsonObject { ["action"] = "repeal", ["seq"] = 2, ["title"] = "《一件登记簿里没有的文件》", ["number"] = null });
        var events = await EventCount();
        var preview = await Given.Post(app.Clerk(), "/api/decisions/preview", decision);
        var items = preview["items"]!.AsArray();
        items[0]!["match"]!.GetValue<string>().Should().Be("title");
        items[0]!["score"]!.GetValue<double>().Should().BeGreaterThan(0.85);
        items[1]!["match"]!.GetValue<string>().Should().Be("none");
        items[1]!["matchedBy"]!.GetValue<string>().Should().Be("new");
        (await EventCount()).Should().Be(events, "a preview stores nothing");
    }

    [Fact]
    public async Task when_a_decision_s_events_are_folded_onto_the_documents_it_read_each_stored_snapshot_should_equal_a_fold_of_its_stream()
    {
        // The apply reads its targets into the session's identity map and the inline projection folds onto those very
        // objects: a stale, shared or twice-folded object would leave a snapshot other than its stream's fold. The 2023
        // decision acts on documents the 2022 one already listed, and on one a text was recorded on between the two.
        var jurisdiction = await RegisterNamedDocuments();
        var first = await Given.Ok(await app.Reviewer().PostAsJsonAsync("/api/decisions", ZhongweiDecisions.Load(Decision2022, jurisdiction)));
        var (number, _) = ZhongweiDecisions.Items(ZhongweiDecisions.Load(Decision2023, jurisdiction)).First();
        var texted = (await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={Uri.EscapeDataString(jurisdiction)}&number={Uri.EscapeDataString(number)}"))["items"]!
            .AsArray().Single()!["id"]!.GetValue<Guid>();
        var version = (await Given.Get(app.Anonymous(), $"/api/documents/{texted}"))["version"]!.GetValue<long>();
        await Given.Post(app.Clerk(), $"/api/documents/{texted}/text", new { version, text = "第一条 为了规范管理，制定本办法。\n第二条 本办法自发布之日起施行。", reason = "据公报登记全文" });
        var second = await Given.Ok(await app.Reviewer().PostAsJsonAsync("/api/decisions", ZhongweiDecisions.Load(Decision2023, jurisdiction)));

        var ids = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(i => i!["documentId"]!.GetValue<Guid>()).Distinct().ToList();
        ids.Should().Contain(texted);
        await using var session = app.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
        foreach (var id in ids)
        {
            var stored = await session.LoadAsync<PolicyRegister.Domain.Documents.Document>(id);
            var events = await session.Events.FetchStreamAsync(id);
            var folded = PolicyRegister.Domain.Documents.Document.From(events.Select(e => e.Data));
            System.Text.Json.JsonSerializer.Serialize(stored).Should().Be(System.Text.Json.JsonSerializer.Serialize(folded), $"document {id} after {events.Count} events");
            (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["version"]!.GetValue<long>().Should().Be(events[^1].Version);
        }
    }
}
