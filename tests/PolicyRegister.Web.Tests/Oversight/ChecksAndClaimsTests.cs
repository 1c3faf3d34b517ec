using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Oversight;

/// <summary>What the register has checked, what others claim, and what needs a person: checks, claims, the attention list.</summary>
[Collection(RegisterCollection.Name)]
public class ChecksAndClaimsTests(RegisterApp app)
{
    private async Task<JsonNode> Status(Guid id) => await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on=2025-01-01");

    private static IEnumerable<string> Reasons(JsonNode attention, Guid id) =>
        attention["items"]!.AsArray().Where(i => i!["documentId"]!.GetValue<Guid>() == id)
            .SelectMany(i => i!["reasons"]!.AsArray().Select(r => r!["reason"]!.GetValue<string>()));

    [Fact]
    public async Task when_a_status_is_checked_the_answer_should_say_up_to_when_and_against_what_apart_from_the_last_write()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "核政规发〔2020〕1号", "某某县河道管理办法", "2020-01-10", new { on = "2020-02-01" }));
        (await Status(id))["checkedUpTo"].Should().BeNull();

        await Given.Post(app.Clerk(), $"/api/jurisdictions/{jurisdiction}/status-checks",
            new { checkedUpTo = "2024-06-30", against = "gazette", reference = "某某县人民政府公报2024年第6期", reason = "逐期核对公报" });
        var byJurisdiction = (await Status(id))["checkedUpTo"]!;
        byJurisdiction["on"]!.GetValue<string>().Should().Be("2024-06-30");
        byJurisdiction["level"]!.GetValue<string>().Should().Be("jurisdiction");
        byJurisdiction["reference"]!.GetValue<string>().Should().Contain("公报2024年第6期");

        await Given.Post(app.Clerk(), $"/api/documents/{id}/status-checks",
            new { version, checkedUpTo = "2024-11-01", against = "portal", reference = "https://www.example.gov.cn/zfxxgk", reason = "核对门户网站" });
        var status = await Status(id);
        status["checkedUpTo"]!["on"]!.GetValue<string>().Should().Be("2024-11-01");
        status["checkedUpTo"]!["level"]!.GetValue<string>().Should().Be("document");
        status["upToDateAsOf"].Should().NotBeNull("the last write and the last check are different fields");

        var page = await app.Anonymous().GetStringAsync($"/documents/{id}");
        page.Should().Contain("已核对至2024年11月1日").And.Contain("发文机关门户网站");
    }

    [Fact]
    public async Task when_a_check_is_dated_after_today_or_names_no_source_it_should_be_400_and_change_nothing()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "核政规发〔2020〕2号", "某某县集贸市场管理办法", "2020-01-10", new { on = "2020-02-01" }));
        var future = await app.Clerk().PostAsJsonAsync($"/api/documents/{id}/status-checks",
            new { version, checkedUpTo = "2199-01-01", reason = "测试" });
        future.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Given.Problem(future))["errors"]!.AsObject().Select(e => e.Key).Should().Contain(["checkedUpTo", "against"]);
        var unknown = await app.Clerk().PostAsJsonAsync("/api/jurisdictions/999999/status-checks",
            new { checkedUpTo = "2024-01-01", against = "cleanup", reason = "测试" });
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var anonymous = await app.Anonymous().PostAsJsonAsync($"/api/jurisdictions/{jurisdiction}/status-checks",
            new { checkedUpTo = "2024-01-01", against = "cleanup", reason = "测试" });
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Status(id))["checkedUpTo"].Should().BeNull();
    }

    [Fact]
    public async Task when_another_source_claims_a_document_has_lapsed_it_should_go_on_the_attention_list_and_change_nothing_until_settled()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "核政规发〔2020〕3号", "某某县城乡供水管理办法", "2020-01-10", new { on = "2020-02-01" }));
        var claim = await Given.Post(app.Clerk(), $"/api/documents/{id}/claims",
            new { version, source = "某某县人民政府门户网站", status = "not_in_force", claimedOn = "2024-10-01", url = "https://www.example.gov.cn/a/1", reason = "门户网站标注失效" });
        claim["disagrees"]!.GetValue<bool>().Should().BeTrue();
        claim["registerSays"]!.GetValue<string>().Should().Be("in_force");

        var status = await Status(id);
        status["status"]!.GetValue<string>().Should().Be("in_force", "a claim changes nothing");
        status["claims"]![0]!["disagrees"]!.GetValue<bool>().Should().BeTrue();

        var attention = await Given.Get(app.Clerk(), $"/api/attention?jurisdiction={jurisdiction}&on=2024-11-01");
        Reasons(attention, id).Should().Contain("claim_disagrees");
        attention["counts"]!["claim_disagrees"]!.GetValue<int>().Should().Be(1);

        await Given.Post(app.Clerk(), $"/api/documents/{id}/claims/{claim["claimId"]!.GetValue<Guid>()}/settle",
            new { version = claim["version"]!.GetValue<long>(), note = "经核实，门户网站标注有误，文件仍有效", reason = "核实外部标注" });
        attention = await Given.Get(app.Clerk(), $"/api/attention?jurisdiction={jurisdiction}&on=2024-11-01");
        Reasons(attention, id).Should().NotContain("claim_disagrees");
        (await Status(id))["claims"]![0]!["settled"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task when_documents_need_a_person_the_attention_list_should_give_each_reason_with_the_date_it_became_due()
    {
        var jurisdiction = Given.Jurisdiction();
        var clerk = app.Clerk();
        var (ending, _) = await Given.Registered(clerk, Given.Document(jurisdiction, "核政规发〔2023〕1号", "某某县消费券发放管理办法", "2023-01-10",
            new { on = "2023-02-01" }, new { on = "2024-12-31" }));
        var (trial, _) = await Given.Registered(clerk, Given.Document(jurisdiction, "核政规发〔2020〕4号", "某某县停车场管理暂行办法", "2020-01-10", new { on = "2020-02-01" }));
        var (termless, _) = await Given.Registered(clerk, Given.Document(jurisdiction, "核政规发〔2018〕1号", "某某县殡葬管理办法", "2018-01-10", new { on = "2018-02-01" }));
        var (textTerm, _) = await Given.Registered(clerk, Given.Document(jurisdiction, "核政规发〔2023〕2号", "某某县航线补贴办法", "2023-01-10",
            new { on = "2023-02-01" }, new { text = "2024年夏秋航季结束" }));
        var (ordered, orderedVersion) = await Given.Registered(clerk, Given.Document(jurisdiction, "核政规发〔2023〕3号", "某某县菜市场管理办法", "2023-01-10", new { on = "2023-02-01" }));
        await Given.Post(clerk, $"/api/documents/{ordered}/amendment-order",
            new { version = orderedVersion, on = "2024-01-01", basis = new { number = "核政发〔2024〕1号" }, reason = "清理决定修改" });

        var attention = await Given.Get(clerk, $"/api/attention?jurisdiction={jurisdiction}&on=2024-12-01&within=60");
        Reasons(attention, ending).Should().Contain("term_ending");
        attention["items"]!.AsArray().Single(i => i!["documentId"]!.GetValue<Guid>() == ending)!["reasons"]!.AsArray()
            .Single(r => r!["reason"]!.GetValue<string>() == "term_ending")!["dueOn"]!.GetValue<string>().Should().Be("2024-12-31");
        Reasons(attention, trial).Should().Contain("trial_past_limit", "an interim document in force for over 2 years without a term");
        Reasons(attention, termless).Should().Contain("default_validity_passed").And.NotContain("trial_past_limit");
        Reasons(attention, textTerm).Should().Contain("term_unresolved");
        Reasons(attention, ordered).Should().Contain("amendment_pending", "ordered on 2024-01-01, more than 180 days before");
        Reasons(attention, ending).Should().NotContain("default_validity_passed", "it has a term");
        attention["limits"]!["defaultValidityYears"]!.GetValue<int>().Should().Be(5);
        attention["limits"]!["source"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace();
        attention["numberGaps"]!["seriesWithGaps"]!.GetValue<int>().Should().BeGreaterThan(0, "核政规发〔2023〕 holds 1–3, 〔2020〕 holds only 4");

        var only = await Given.Get(clerk, $"/api/attention?jurisdiction={jurisdiction}&on=2024-12-01&reason=term_ending");
        only["items"]!.AsArray().Should().OnlyContain(i => i!["reasons"]!.AsArray().All(r => r!["reason"]!.GetValue<string>() == "term_ending"));
    }

    [Theory]
    [InlineData("", "jurisdiction")]
    [InlineData("jurisdiction=640502&within=-1", "within")]
    [InlineData("jurisdiction=640502&reason=whatever", "reason")]
    [InlineData("jurisdiction=640502&on=2024-13-01", "on")]
    [InlineData("jurisdiction=640502&limit=0", "limit")]
    public async Task when_the_attention_query_is_malformed_it_should_be_400_naming_the_field(string query, string field)
    {
        var response = await app.Clerk().GetAsync($"/api/attention?{query}");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Given.Problem(response))["errors"]![field].Should().NotBeNull();
    }

    [Fact]
    public async Task when_the_public_asks_for_the_attention_list_it_should_be_refused()
    {
        (await app.Anonymous().GetAsync("/api/attention?jurisdiction=640502")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task when_a_clerk_opens_the_staff_home_for_a_jurisdiction_it_should_count_each_reason_and_list_the_series_with_gaps()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "缺政规发〔2021〕1号", "某某县停车场管理暂行办法", "2021-01-10", new { on = "2021-02-01" }));
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "缺政规发〔2021〕4号", "某某县殡葬管理办法", "2021-03-10", new { on = "2021-04-01" }));

        var browser = StaffClient.Browser(app);
        (await StaffClient.SignIn(browser, RegisterApp.StaffClerk.User, RegisterApp.StaffClerk.Password)).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var page = await browser.GetStringAsync($"/staff?jurisdiction={jurisdiction}");
        page.Should().Contain("试行、暂行文件超过有效期限").And.Contain("某某县停车场管理暂行办法");
        page.Should().Contain("缺政规发〔2021〕").And.Contain("2、3", "serials 2 and 3 of the series are missing");
        page.Should().Contain($"/api/attention?jurisdiction={jurisdiction}");

        var chooser = await browser.GetStringAsync("/staff");
        chooser.Should().Contain($"/staff?jurisdiction={jurisdiction}", "each jurisdiction the register holds is offered");
    }

    [Fact]
    public async Task when_a_clerk_records_a_partial_repeal_and_a_check_in_the_workspace_they_should_be_the_same_facts_as_through_the_api()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "核政规发〔2020〕9号", "某某县道路运输管理办法", "2020-01-10", new { on = "2020-02-01" }));
        var browser = StaffClient.Browser(app);
        await StaffClient.SignIn(browser, RegisterApp.StaffClerk.User, RegisterApp.StaffClerk.Password);
        var form = await browser.GetStringAsync($"/staff/documents/{id}/facts");
        form.Should().Contain("<option value=\"\" selected>（请选择）</option>", "no ending is pre-selected");

        async Task<HttpResponseMessage> Submit(Dictionary<string, string> fields)
        {
            var token = StaffClient.Token(await browser.GetStringAsync($"/staff/documents/{id}/facts"));
            fields["__RequestVerificationToken"] = token;
            return await browser.PostAsync($"/staff/documents/{id}/facts", new FormUrlEncodedContent(fields));
        }

        var badScope = await Submit(new() { ["kind"] = "repeal", ["version"] = version.ToString(), ["on"] = "2024-07-01", ["basis_number"] = "核政发〔2024〕2号",
            ["scope"] = "第五项条款", ["reason"] = "部分废止" });
        badScope.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badScope.Content.ReadAsStringAsync()).Should().Contain("aria-invalid=\"true\"");

        var partial = await Submit(new() { ["kind"] = "repeal", ["version"] = version.ToString(), ["on"] = "2024-07-01", ["basis_number"] = "核政发〔2024〕2号",
            ["scope"] = "第五条、第八条", ["verb"] = "停止执行", ["reason"] = "部分废止" });
        partial.StatusCode.Should().Be(HttpStatusCode.Redirect);
        // A clerk's repeal is a proposal: nothing is recorded until a reviewer approves it.
        var proposalId = partial.Headers.Location!.OriginalString.Split("proposed=")[1];
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on=2024-07-01"))["partiallyEnded"]!.GetValue<bool>().Should().BeFalse();
        (await StaffClient.Page(browser, partial.Headers.Location!.OriginalString)).Should().Contain("已提交审核");
        await Given.Post(app.Reviewer(), $"/api/proposals/{proposalId}/approve", new { version = 1, reason = "审核通过" });
        var status = await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on=2024-07-01");
        status["partiallyEnded"]!.GetValue<bool>().Should().BeTrue();
        status["partsEnded"]![0]!["verb"]!.GetValue<string>().Should().Be("停止执行");

        var check = await Submit(new() { ["kind"] = "status-check", ["version"] = (version + 1).ToString(), ["on"] = "2024-10-01", ["against"] = "cleanup",
            ["reference"] = "核政发〔2024〕2号", ["reason"] = "清理后核对" });
        check.StatusCode.Should().Be(HttpStatusCode.Redirect, await check.Content.ReadAsStringAsync());
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}/status"))["checkedUpTo"]!["on"]!.GetValue<string>().Should().Be("2024-10-01");
        (await StaffClient.Page(browser, $"/documents/{id}")).Should().Contain("部分废止").And.Contain("第五条、第八条自2024年7月1日起停止执行");
    }
}
