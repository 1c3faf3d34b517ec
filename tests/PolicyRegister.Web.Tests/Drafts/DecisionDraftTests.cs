using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Drafts;

/// <summary>The clerk prepares, the reviewer decides: drafts are saved, submitted, returned, approved by another person.</summary>
[Collection(RegisterCollection.Name)]
public class DecisionDraftTests(RegisterApp app)
{
    private static JsonObject Draft(string jurisdiction, string number, string rowNumber, string rowTitle) => new()
    {
        ["number"] = number, ["title"] = "某某县人民政府关于废止部分行政规范性文件的决定", ["issuers"] = new JsonArray("某某县人民政府"),
        ["jurisdiction"] = jurisdiction, ["signedOn"] = "2024-06-20", ["effective"] = new JsonObject { ["on"] = "2024-07-01" },
        ["items"] = new JsonArray(new JsonObject { ["action"] = "repeal", ["seq"] = 1, ["title"] = rowTitle, ["number"] = rowNumber }),
        ["reason"] = "拟稿",
    };

    private async Task<Guid> Registered(string jurisdiction, string number, string title) =>
        (await Given.Registered(app.Clerk(), Given.Document(jurisdiction, number, title, "2019-01-10", new { on = "2019-02-01" }))).Id;

    private async Task<string> Status(Guid id) =>
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on=2024-07-01"))["status"]!.GetValue<string>();

    [Fact]
    public async Task when_a_clerk_drafts_and_a_reviewer_approves_the_decision_should_be_applied_once_naming_both()
    {
        var jurisdiction = Given.Jurisdiction();
        var doc = await Registered(jurisdiction, "稿政规发〔2019〕1号", "某某县城市管理办法");
        var created = await Given.Post(app.Clerk(), "/api/decisions/drafts", Draft(jurisdiction, "稿政发〔2024〕1号", "稿政规发〔2019〕1号", "某某县城市管理办法"));
        var id = created["id"]!.GetValue<Guid>();
        (await Status(doc)).Should().Be("in_force", "a draft changes nothing");

        var submitted = await Given.Post(app.Clerk(), $"/api/decisions/drafts/{id}/submit", new { version = 1, reason = "请审核" });
        submitted["state"]!.GetValue<string>().Should().Be("submitted");
        var queue = await Given.Get(app.Reviewer(), "/api/decisions/drafts?state=submitted");
        var queued = queue.AsArray().Single(d => d!["id"]!.GetValue<Guid>() == id)!;
        queued["preparedBy"]!.GetValue<string>().Should().Be(RegisterApp.ClerkName);
        queued["rows"]!.GetValue<int>().Should().Be(1);
        var review = await Given.Get(app.Reviewer(), $"/api/decisions/drafts/{id}");
        review["preview"]!["canApply"]!.GetValue<bool>().Should().BeTrue();
        review["preview"]!["items"]![0]!["match"]!.GetValue<string>().Should().Be("number_and_title");

        (await app.Clerk().PostAsJsonAsync($"/api/decisions/drafts/{id}/approve", new { version = 2, reason = "自行批准" }))
            .StatusCode.Should().Be(HttpStatusCode.Forbidden, "approving is a reviewer's act");
        var approved = await Given.Post(app.Reviewer(), $"/api/decisions/drafts/{id}/approve", new { version = 2, reason = "审核通过" });
        approved["decision"]!["counts"]!["repeal"]!.GetValue<int>().Should().Be(1);
        (await Status(doc)).Should().Be("repealed");

        var fact = (await Given.Get(app.Clerk(), $"/api/documents/{doc}"))["timeline"]!.AsArray().Last()!;
        fact["recordedBy"]!.GetValue<string>().Should().Be(RegisterApp.ReviewerName);
        fact["reason"]!.GetValue<string>().Should().Contain($"拟稿：{RegisterApp.ClerkName}").And.Contain($"审核：{RegisterApp.ReviewerName}");
        var shown = (await Given.Get(app.Anonymous(), $"/api/documents/{doc}"))["timeline"]!.AsArray().Last()!;
        shown["recordedBy"]!.GetValue<string>().Should().Be("登记机关（审核）");
        shown["reason"]!.GetValue<string>().Should().Contain("（经审核）").And.NotContain(RegisterApp.ClerkName);
        (await app.Reviewer().PostAsJsonAsync($"/api/decisions/drafts/{id}/approve", new { version = 3, reason = "再次批准" }))
            .StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "an approved draft is done");
    }

    [Fact]
    public async Task when_the_reviewer_prepared_the_draft_they_should_not_approve_it_themselves()
    {
        var jurisdiction = Given.Jurisdiction();
        var doc = await Registered(jurisdiction, "稿政规发〔2019〕2号", "某某县环境卫生管理办法");
        var id = (await Given.Post(app.Reviewer(), "/api/decisions/drafts", Draft(jurisdiction, "稿政发〔2024〕2号", "稿政规发〔2019〕2号", "某某县环境卫生管理办法")))["id"]!.GetValue<Guid>();
        await Given.Post(app.Reviewer(), $"/api/decisions/drafts/{id}/submit", new { version = 1, reason = "提交" });
        var refused = await app.Reviewer().PostAsJsonAsync($"/api/decisions/drafts/{id}/approve", new { version = 2, reason = "批准" });
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Given.Problem(refused))["errors"]!["approver"].Should().NotBeNull();
        (await Status(doc)).Should().Be("in_force");
    }

    [Fact]
    public async Task when_a_reviewer_returns_a_draft_the_clerk_should_edit_and_resubmit_it_and_a_withdrawn_draft_should_not_be_approved()
    {
        var jurisdiction = Given.Jurisdiction();
        await Registered(jurisdiction, "稿政规发〔2019〕3号", "某某县集市管理办法");
        var id = (await Given.Post(app.Clerk(), "/api/decisions/drafts", Draft(jurisdiction, "稿政发〔2024〕3号", "稿政规发〔2019〕4号", "某某县集市管理办法")))["id"]!.GetValue<Guid>();
        await Given.Post(app.Clerk(), $"/api/decisions/drafts/{id}/submit", new { version = 1, reason = "提交" });
        var returned = await Given.Post(app.Reviewer(), $"/api/decisions/drafts/{id}/return", new { version = 2, comment = "第1项文号有误，应为〔2019〕3号", reason = "退回" });
        returned["state"]!.GetValue<string>().Should().Be("returned");
        (await Given.Get(app.Clerk(), $"/api/decisions/drafts/{id}"))["draft"]!["returnComment"]!.GetValue<string>().Should().Contain("文号有误");

        var corrected = Draft(jurisdiction, "稿政发〔2024〕3号", "稿政规发〔2019〕3号", "某某县集市管理办法");
        corrected["version"] = 3;
        await Given.Post(app.Clerk(), $"/api/decisions/drafts/{id}/edit", corrected);
        (await Given.Get(app.Clerk(), $"/api/decisions/drafts/{id}"))["content"]!["items"]![0]!["number"]!.GetValue<string>().Should().Be("稿政规发〔2019〕3号");
        await Given.Post(app.Clerk(), $"/api/decisions/drafts/{id}/withdraw", new { version = 4, reason = "改由他人办理" });
        var refused = await app.Reviewer().PostAsJsonAsync($"/api/decisions/drafts/{id}/approve", new { version = 5, reason = "批准" });
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task when_a_draft_is_malformed_or_stale_it_should_be_refused_and_nothing_saved()
    {
        var jurisdiction = Given.Jurisdiction();
        var bad = Draft(jurisdiction, "不是文号", "稿政规发〔2019〕5号", "某某县办法");
        var response = await app.Clerk().PostAsJsonAsync("/api/decisions/drafts", bad);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Given.Problem(response))["errors"]!["number"].Should().NotBeNull();
        (await app.Anonymous().PostAsJsonAsync("/api/decisions/drafts", Draft(jurisdiction, "稿政发〔2024〕9号", "稿政规发〔2019〕5号", "某某县办法")))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var id = (await Given.Post(app.Clerk(), "/api/decisions/drafts", Draft(jurisdiction, "稿政发〔2024〕9号", "稿政规发〔2019〕5号", "某某县办法")))["id"]!.GetValue<Guid>();
        (await app.Clerk().PostAsJsonAsync($"/api/decisions/drafts/{id}/submit", new { version = 7, reason = "提交" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await app.Clerk().PostAsJsonAsync($"/api/decisions/drafts/{Guid.NewGuid()}/submit", new { version = 1, reason = "提交" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await app.Clerk().PostAsJsonAsync($"/api/decisions/drafts/{id}/submit", new { version = 1 })).StatusCode.Should().Be(HttpStatusCode.BadRequest, "every write names its reason");
    }
}
