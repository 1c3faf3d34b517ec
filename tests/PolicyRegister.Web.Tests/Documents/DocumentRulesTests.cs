using System.Net;
using System.Net.Http.Json;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Documents;

/// <summary>Each broken rule answers ProblemDetails naming the field, and stores nothing.</summary>
[Collection(RegisterCollection.Name)]
public class DocumentRulesTests(RegisterApp app)
{
    private async Task<(Guid Id, long Version)> InForceFrom(string effective) =>
        await Given.Registered(app.Clerk(), Given.Document(Given.Jurisdiction(), "卫政发〔2019〕12号", "关于规则测试的通知", "2019-01-10", new { on = effective }));

    private async Task ShouldRefuse(Guid id, string path, object body, HttpStatusCode status, string field)
    {
        var before = (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["version"]!.GetValue<long>();
        var response = await app.Reviewer().PostAsJsonAsync($"/api/documents/{id}/{path}", body);
        response.StatusCode.Should().Be(status);
        var problem = await Given.Problem(response);
        problem["errors"]![field].Should().NotBeNull($"the problem should name '{field}': {problem.ToJsonString()}");
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["version"]!.GetValue<long>().Should().Be(before);
    }

    [Fact]
    public async Task when_a_repeal_predates_the_effective_date_it_should_be_refused()
    {
        var (id, v) = await InForceFrom("2019-02-01");
        await ShouldRefuse(id, "repeal", new { version = v, on = "2019-01-31", basis = new { number = "卫政发〔2019〕99号" }, reason = "x" }, HttpStatusCode.UnprocessableEntity, "on");
    }

    [Fact]
    public async Task when_a_repealed_document_is_repealed_or_amended_again_it_should_be_refused()
    {
        var (id, v) = await InForceFrom("2019-02-01");
        await Given.Post(app.Reviewer(), $"/api/documents/{id}/repeal", new { version = v, on = "2020-01-01", basis = new { number = "卫政发〔2019〕99号" }, reason = "x" });
        await ShouldRefuse(id, "repeal", new { version = v + 1, on = "2021-01-01", basis = new { number = "卫政发〔2021〕1号" }, reason = "x" }, HttpStatusCode.UnprocessableEntity, "on");
        await ShouldRefuse(id, "declare-invalid", new { version = v + 1, on = "2021-01-01", basis = new { number = "卫政发〔2021〕1号" }, reason = "x" }, HttpStatusCode.UnprocessableEntity, "on");
        await ShouldRefuse(id, "amendment-order", new { version = v + 1, on = "2021-01-01", basis = new { number = "卫政发〔2021〕1号" }, reason = "x" }, HttpStatusCode.UnprocessableEntity, "on");
    }

    [Fact]
    public async Task when_the_effective_date_precedes_signing_it_should_need_confirmation()
    {
        var response = await app.Clerk().PostAsJsonAsync("/api/documents",
            Given.Document(Given.Jurisdiction(), "卫政发〔2019〕13号", "追溯施行的通知", "2019-01-10", new { on = "2019-01-01" }));
        response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Given.Problem(response))["errors"]!["effective.on"].Should().NotBeNull();

        var (id, v) = await InForceFrom("2019-02-01");
        await ShouldRefuse(id, "effective", new { version = v, effective = new { on = "2019-01-01" }, reason = "x" }, HttpStatusCode.UnprocessableEntity, "effective.on");
        await Given.Post(app.Clerk(), $"/api/documents/{id}/effective", new { version = v, effective = new { on = "2019-01-01" }, confirmBeforeSigning = true, reason = "文件明确追溯施行" });
    }

    [Fact]
    public async Task when_input_is_malformed_it_should_be_400_naming_each_field()
    {
        var response = await app.Clerk().PostAsJsonAsync("/api/documents", new
        {
            number = "关于某事的通知", title = "", issuers = Array.Empty<string>(), jurisdiction = "中卫市", kind = "normative",
            expires = new { on = "2027-01-01", text = "both" }, reason = "x",
        });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await Given.Problem(response))["errors"]!.AsObject();
        errors.Select(e => e.Key).Should().Contain(["number", "title", "issuers", "expires"]);
    }

    [Fact]
    public async Task when_a_write_gives_no_reason_it_should_be_400()
    {
        var (id, v) = await InForceFrom("2019-02-01");
        await ShouldRefuse(id, "retention", new { version = v, on = "2023-12-19", basis = new { number = "卫政规发〔2023〕2号" } }, HttpStatusCode.BadRequest, "reason");
    }

    [Fact]
    public async Task when_the_document_id_is_unknown_it_should_be_404()
    {
        var response = await app.Reviewer().PostAsJsonAsync($"/api/documents/{Guid.NewGuid()}/repeal",
            new { version = 1, on = "2020-01-01", basis = new { number = "卫政发〔2019〕99号" }, reason = "x" });
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await app.Anonymous().GetAsync($"/api/documents/{Guid.NewGuid()}/status")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task when_status_is_asked_with_a_malformed_date_it_should_be_400_naming_the_parameter()
    {
        var (id, _) = await InForceFrom("2019-02-01");
        var response = await app.Anonymous().GetAsync($"/api/documents/{id}/status?on=2019-02-30");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Given.Problem(response))["errors"]!["on"].Should().NotBeNull();
        (await app.Anonymous().GetAsync($"/api/documents/{id}/status?asOf=yesterday")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task when_a_title_is_corrected_the_old_title_should_stay_in_history()
    {
        var (id, v) = await InForceFrom("2019-02-01");
        await Given.Post(app.Clerk(), $"/api/documents/{id}/correction", new { version = v, field = "title", newValue = "关于规则测试的通知（更正）", reason = "错字" });
        var doc = await Given.Get(app.Anonymous(), $"/api/documents/{id}");
        doc["title"]!.GetValue<string>().Should().Be("关于规则测试的通知（更正）");
        doc["alternativeTitles"]!.AsArray().Select(t => t!.GetValue<string>()).Should().Contain("关于规则测试的通知");
        doc["timeline"]!.AsArray().Last()!["summary"]!.GetValue<string>().Should().Contain("关于规则测试的通知 → ");
    }
}
