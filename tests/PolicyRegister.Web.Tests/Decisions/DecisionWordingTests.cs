using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Decisions;

/// <summary>The register keeps what a decision says as it says it: verbs, reasons, parts, rows listed for reference.</summary>
[Collection(RegisterCollection.Name)]
public class DecisionWordingTests(RegisterApp app)
{
    private static JsonObject Decision(string jurisdiction, string number, params JsonObject[] items) => new()
    {
        ["number"] = number, ["title"] = "某某人民政府关于废止和修改部分行政规范性文件的决定", ["issuers"] = new JsonArray("某某人民政府"),
        ["jurisdiction"] = jurisdiction, ["signedOn"] = "2024-06-20", ["effective"] = new JsonObject { ["on"] = "2024-07-01" },
        ["items"] = new JsonArray(items), ["reason"] = "清理",
    };

    private static JsonObject Row(string action, int seq, string title, string number, string? verb = null, string? reasonText = null) =>
        new() { ["action"] = action, ["seq"] = seq, ["title"] = title, ["number"] = number, ["verb"] = verb, ["reasonText"] = reasonText };

    private async Task<JsonNode> Status(Guid id, string on) => await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on={on}");

    private async Task<Guid> Registered(string jurisdiction, string number, string title) =>
        (await Given.Registered(app.Clerk(), Given.Document(jurisdiction, number, title, "2019-01-10", new { on = "2019-02-01" }))).Id;

    [Fact]
    public async Task when_a_decision_repeals_two_articles_the_document_should_stay_in_force_partially_ended_until_the_whole_is_repealed()
    {
        var jurisdiction = Given.Jurisdiction();
        var id = await Registered(jurisdiction, "某政规发〔2019〕1号", "某某市城市绿化管理办法");
        var row = Row("repeal", 1, "某某市城市绿化管理办法", "某政规发〔2019〕1号");
        row["scope"] = new JsonObject { ["articles"] = new JsonArray("第五条", "第八条") };
        var applied = await Given.Post(app.Reviewer(), "/api/decisions", Decision(jurisdiction, "某政发〔2024〕11号", row));
        applied["counts"]!["repeal"]!.GetValue<int>().Should().Be(1);

        var before = await Status(id, "2024-06-30");
        before["partiallyEnded"]!.GetValue<bool>().Should().BeFalse();
        var after = await Status(id, "2024-07-01");
        after["status"]!.GetValue<string>().Should().Be("in_force", "only two articles ended");
        after["partiallyEnded"]!.GetValue<bool>().Should().BeTrue();
        after["scope"]!["articles"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("第五条", "第八条");
        after["partsEnded"]![0]!["basis"]!["number"]!.GetValue<string>().Should().Be("某政发〔2024〕11号");

        var doc = await Given.Get(app.Anonymous(), $"/api/documents/{id}");
        doc["timeline"]!.AsArray().Select(t => t!["kind"]!.GetValue<string>()).Should().Contain("partially_repealed");
        doc["timeline"]!.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "partially_repealed")!["summary"]!.GetValue<string>()
            .Should().Contain("第五条、第八条废止").And.Contain("其余部分继续有效");

        // The whole ends only by an act on the whole.
        var version = doc["version"]!.GetValue<long>();
        await Given.Post(app.Reviewer(), $"/api/documents/{id}/repeal",
            new { version, on = "2025-01-01", basis = new { number = "某政发〔2024〕20号" }, reason = "整体废止" });
        (await Status(id, "2024-12-31"))["status"]!.GetValue<string>().Should().Be("in_force");
        var ended = await Status(id, "2025-01-01");
        ended["status"]!.GetValue<string>().Should().Be("repealed");
        ended["partiallyEnded"]!.GetValue<bool>().Should().BeFalse("the whole has ended, so no part is spoken of");

        // The page's structured data says the same: partly in force on 2024-07-01, not in force once the whole ended.
        static JsonNode LegalForce(string page)
        {
            var start = page.IndexOf("<script type=\"application/ld+json\">", StringComparison.Ordinal) + "<script type=\"application/ld+json\">".Length;
            return JsonNode.Parse(page[start..page.IndexOf("</script>", start, StringComparison.Ordinal)])!;
        }
        var partly = LegalForce(await app.Anonymous().GetStringAsync($"/documents/{id}?on=2024-07-01"));
        partly["@type"]!.GetValue<string>().Should().Be("Legislation");
        partly["legislationLegalForce"]!.GetValue<string>().Should().Be("https://schema.org/PartiallyInForce");
        partly["legislationIdentifier"]!.GetValue<string>().Should().Be("某政规发〔2019〕1号");
        LegalForce(await app.Anonymous().GetStringAsync($"/documents/{id}?on=2025-01-01"))["legislationLegalForce"]!.GetValue<string>()
            .Should().Be("https://schema.org/NotInForce");
    }

    [Fact]
    public async Task when_a_row_is_listed_for_reference_it_should_note_the_act_it_cites_and_end_nothing()
    {
        var jurisdiction = Given.Jurisdiction();
        var kept = await Registered(jurisdiction, "某政规发〔2019〕2号", "某某市养犬管理办法");
        var noted = await Registered(jurisdiction, "某政规发〔2019〕3号", "某某市户外广告设置管理办法");
        var reference = Row("repeal", 2, "某某市户外广告设置管理办法", "某政规发〔2019〕3号");
        reference["reference"] = true;
        reference["endedBy"] = "《某某市人民政府关于废止部分文件的决定》（某政发〔2021〕3号）";
        reference["verb"] = "已废止";
        var decision = Decision(jurisdiction, "某政发〔2024〕12号", Row("repeal", 1, "某某市养犬管理办法", "某政规发〔2019〕2号"), reference);

        var preview = await Given.Post(app.Clerk(), "/api/decisions/preview", decision);
        preview["items"]![1]!["reference"]!.GetValue<bool>().Should().BeTrue();
        preview["items"]![1]!["warnings"]!.AsArray().Should().ContainSingle(w => w!.GetValue<string>().Contains("仍现行有效"),
            "the register still has it in force: the reviewer should look");
        preview["counts"]!["repeal"]!.GetValue<int>().Should().Be(1);
        preview["counts"]!["reference"]!.GetValue<int>().Should().Be(1);

        var applied = await Given.Post(app.Reviewer(), "/api/decisions", decision);
        applied["counts"]!["repeal"]!.GetValue<int>().Should().Be(1);
        (await Status(kept, "2024-07-01"))["status"]!.GetValue<string>().Should().Be("repealed");
        (await Status(noted, "2024-07-01"))["status"]!.GetValue<string>().Should().Be("in_force", "a reference row ends nothing");
        var timeline = (await Given.Get(app.Anonymous(), $"/api/documents/{noted}"))["timeline"]!.AsArray();
        var note = timeline.Single(t => t!["kind"]!.GetValue<string>() == "listed_for_reference")!;
        note["summary"]!.GetValue<string>().Should().Contain("某政发〔2021〕3号").And.Contain("供参考");
        note["basis"]!["number"]!.GetValue<string>().Should().Be("某政发〔2024〕12号");

        var notice = await app.Anonymous().GetStringAsync($"/publish/decisions/{Uri.EscapeDataString("某政发〔2024〕12号")}?jurisdiction={jurisdiction}&format=txt");
        notice.Should().Contain("列明备查").And.Contain("某政发〔2021〕3号");
        notice.Should().Contain("废止部分行政规范性文件1件", "the generated body counts the acts, not the reference row");
    }

    [Fact]
    public async Task when_rows_carry_verbs_and_reasons_they_should_reach_the_events_the_status_and_the_notice_in_order()
    {
        var jurisdiction = Given.Jurisdiction();
        var first = await Registered(jurisdiction, "某政规发〔2019〕4号", "某某市出租汽车管理办法");
        await Registered(jurisdiction, "某政规发〔2019〕5号", "某某市农贸市场管理办法");
        var decision = Decision(jurisdiction, "某政发〔2024〕13号",
            Row("repeal", 1, "某某市出租汽车管理办法", "某政规发〔2019〕4号", "停止执行", "被《某某市网约车管理办法》替代"),
            Row("repeal", 2, "某某市农贸市场管理办法", "某政规发〔2019〕5号", "废止", "调整对象已消失"));
        await Given.Post(app.Reviewer(), "/api/decisions", decision);

        var status = await Status(first, "2024-07-01");
        status["status"]!.GetValue<string>().Should().Be("repealed");
        status["verb"]!.GetValue<string>().Should().Be("停止执行");
        var fact = (await Given.Get(app.Anonymous(), $"/api/documents/{first}"))["timeline"]!.AsArray()
            .Single(t => t!["kind"]!.GetValue<string>() == "repealed")!["summary"]!.GetValue<string>();
        fact.Should().StartWith("停止执行（废止）").And.Contain("被《某某市网约车管理办法》替代");

        var notice = await app.Anonymous().GetStringAsync($"/publish/decisions/{Uri.EscapeDataString("某政发〔2024〕13号")}?jurisdiction={jurisdiction}&format=txt");
        var lines = notice.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        lines.Should().Contain(l => l.StartsWith("序号") && l.Contains("处理方式") && l.Contains("理由"));
        var one = lines.FindIndex(l => l.StartsWith("1\t某某市出租汽车管理办法"));
        var two = lines.FindIndex(l => l.StartsWith("2\t某某市农贸市场管理办法"));
        one.Should().BeGreaterThan(0);
        two.Should().Be(one + 1, "rows print in the decision's order");
        lines[one].Should().Contain("停止执行").And.Contain("被《某某市网约车管理办法》替代");
        lines[two].Should().Contain("\t废止\t").And.Contain("调整对象已消失");
    }

    [Fact]
    public async Task when_a_scope_or_a_reference_row_is_malformed_it_should_be_400_naming_the_field_and_change_nothing()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "某政规发〔2019〕6号", "某某市燃气管理办法", "2019-01-10", new { on = "2019-02-01" }));
        var badArticle = Row("repeal", 1, "某某市燃气管理办法", "某政规发〔2019〕6号");
        badArticle["scope"] = new JsonObject { ["articles"] = new JsonArray("五") };
        var retainPart = Row("retain", 2, "某某市燃气管理办法", "某政规发〔2019〕6号");
        retainPart["scope"] = new JsonObject { ["articles"] = new JsonArray("第五条") };
        var endedByWithoutReference = Row("repeal", 3, "某某市燃气管理办法", "某政规发〔2019〕6号");
        endedByWithoutReference["endedBy"] = "某政发〔2020〕1号";

        var response = await app.Reviewer().PostAsJsonAsync("/api/decisions", Decision(jurisdiction, "某政发〔2024〕14号", badArticle, retainPart, endedByWithoutReference));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await Given.Problem(response))["errors"]!.AsObject();
        errors.Select(e => e.Key).Should().Contain(["items[0].scope.articles[0]", "items[1].scope", "items[2].endedBy"]);

        var direct = await app.Reviewer().PostAsJsonAsync($"/api/documents/{id}/repeal",
            new { version, on = "2024-07-01", basis = new { number = "某政发〔2024〕1号" }, reason = "测试", scope = new { annexes = new[] { "表格" } } });
        direct.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Given.Problem(direct))["errors"]!.AsObject().Select(e => e.Key).Should().Contain("scope.annexes[0]");
        (await Status(id, "2024-08-01"))["partiallyEnded"]!.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public async Task when_a_draft_is_previewed_it_should_report_the_issuers_documents_in_force_that_no_row_names()
    {
        var jurisdiction = Given.Jurisdiction();
        await Registered(jurisdiction, "某政规发〔2019〕11号", "某某市道路运输管理办法");
        var left1 = await Registered(jurisdiction, "某政规发〔2019〕12号", "某某市城乡规划管理办法");
        var left2 = await Registered(jurisdiction, "某政规发〔2019〕13号", "某某市地名管理办法");
        var draft = Decision(jurisdiction, "某政发〔2024〕16号", Row("repeal", 1, "某某市道路运输管理办法", "某政规发〔2019〕11号"));
        draft["issuers"] = new JsonArray("中卫市人民政府");

        var coverage = (await Given.Post(app.Clerk(), "/api/decisions/preview", draft))["coverage"]!;
        coverage["inForceOn"]!.GetValue<string>().Should().Be("2024-06-30");
        coverage["notMentionedCount"]!.GetValue<int>().Should().Be(2);
        coverage["notMentioned"]!.AsArray().Select(d => d!["id"]!.GetValue<Guid>()).Should().BeEquivalentTo([left1, left2]);
    }

    [Fact]
    public async Task when_a_row_names_the_interim_measures_it_should_not_match_the_measures_without_interim()
    {
        var jurisdiction = Given.Jurisdiction();
        await Registered(jurisdiction, "某政规发〔2019〕7号", "某某市物业管理办法");
        var row = new JsonObject { ["action"] = "repeal", ["seq"] = 1, ["title"] = "某某市物业管理暂行办法" };
        var preview = await Given.Post(app.Clerk(), "/api/decisions/preview", Decision(jurisdiction, "某政发〔2024〕15号", row));
        preview["items"]![0]!["matchedBy"]!.GetValue<string>().Should().NotBe("title", "a reference to the 暂行办法 is not a reference to the 办法");
        preview["items"]![0]!["documentId"].Should().BeNull();
    }
}
