using System.Net;
using System.Net.Http.Json;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Drafts;

/// <summary>Ending a document is a reviewer's act: a clerk proposes, another person approves or rejects.</summary>
[Collection(RegisterCollection.Name)]
public class EndingProposalTests(RegisterApp app)
{
    private async Task<string> Status(Guid id) =>
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on=2024-08-01"))["status"]!.GetValue<string>();

    [Theory]
    [InlineData("repeal")]
    [InlineData("declare-invalid")]
    [InlineData("replacement")]
    public async Task when_a_clerk_key_ends_a_document_directly_it_should_be_forbidden_and_change_nothing(string path)
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "议政规发〔2019〕1号", "某某县供水管理办法", "2019-01-10", new { on = "2019-02-01" }));
        var response = await app.Clerk().PostAsJsonAsync($"/api/documents/{id}/{path}", new { version, on = "2024-07-01", basis = new { number = "议政发〔2024〕1号" }, reason = "清理" });
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Status(id)).Should().Be("in_force");
    }

    [Fact]
    public async Task when_a_clerk_proposes_a_repeal_a_reviewer_should_approve_it_and_the_timeline_should_name_both()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "议政规发〔2019〕2号", "某某县排水管理办法", "2019-01-10", new { on = "2019-02-01" }));
        var proposal = await Given.Post(app.Clerk(), $"/api/documents/{id}/proposals",
            new { kind = "repeal", on = "2024-07-01", basis = new { number = "议政发〔2024〕2号" }, verb = "停止执行", reason = "据清理决定" });
        var proposalId = proposal["id"]!.GetValue<Guid>();
        proposal["state"]!.GetValue<string>().Should().Be("open");
        (await Status(id)).Should().Be("in_force", "a proposal records nothing");
        (await Given.Get(app.Reviewer(), "/api/proposals?state=open")).AsArray().Should().Contain(p => p!["id"]!.GetValue<Guid>() == proposalId);

        (await app.Clerk().PostAsJsonAsync($"/api/proposals/{proposalId}/approve", new { version = 1, reason = "自批" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await Given.Post(app.Reviewer(), $"/api/proposals/{proposalId}/approve", new { version = 1, reason = "审核通过" });
        (await Status(id)).Should().Be("repealed");
        var fact = (await Given.Get(app.Reviewer(), $"/api/documents/{id}"))["timeline"]!.AsArray().Last()!;
        fact["summary"]!.GetValue<string>().Should().StartWith("停止执行（废止）");
        fact["recordedBy"]!.GetValue<string>().Should().Be(RegisterApp.ReviewerName);
        fact["reason"]!.GetValue<string>().Should().Contain($"提议：{RegisterApp.ClerkName}");
        (await app.Reviewer().PostAsJsonAsync($"/api/proposals/{proposalId}/approve", new { version = 2, reason = "再批" }))
            .StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task when_a_reviewer_proposed_it_or_rejects_it_nothing_should_be_recorded()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "议政规发〔2019〕3号", "某某县燃气安全管理办法", "2019-01-10", new { on = "2019-02-01" }));
        var own = (await Given.Post(app.Reviewer(), $"/api/documents/{id}/proposals",
            new { kind = "declare_invalid", on = "2024-07-01", basis = new { number = "议政发〔2024〕3号" }, reason = "提议" }))["id"]!.GetValue<Guid>();
        var selfApproved = await app.Reviewer().PostAsJsonAsync($"/api/proposals/{own}/approve", new { version = 1, reason = "自批" });
        selfApproved.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Given.Problem(selfApproved))["errors"]!["approver"].Should().NotBeNull();

        var clerks = (await Given.Post(app.Clerk(), $"/api/documents/{id}/proposals",
            new { kind = "repeal", on = "2024-07-01", basis = new { number = "议政发〔2024〕3号" }, reason = "提议" }))["id"]!.GetValue<Guid>();
        var noComment = await app.Reviewer().PostAsJsonAsync($"/api/proposals/{clerks}/reject", new { version = 1, reason = "驳回" });
        noComment.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var rejected = await Given.Post(app.Reviewer(), $"/api/proposals/{clerks}/reject", new { version = 1, comment = "依据文号有误", reason = "驳回" });
        rejected["state"]!.GetValue<string>().Should().Be("rejected");
        (await Status(id)).Should().Be("in_force");
    }

    [Fact]
    public async Task when_a_proposal_breaks_a_rule_it_should_be_refused_when_made()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "议政规发〔2019〕4号", "某某县路灯管理办法", "2019-01-10", new { on = "2019-02-01" }));
        var early = await app.Clerk().PostAsJsonAsync($"/api/documents/{id}/proposals",
            new { kind = "repeal", on = "2019-01-15", basis = new { number = "议政发〔2024〕4号" }, reason = "提议" });
        early.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var noKind = await app.Clerk().PostAsJsonAsync($"/api/documents/{id}/proposals", new { on = "2024-07-01", basis = new { number = "议政发〔2024〕4号" }, reason = "提议" });
        noKind.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Given.Problem(noKind))["errors"]!["kind"].Should().NotBeNull();
        (await app.Clerk().PostAsJsonAsync($"/api/documents/{Guid.NewGuid()}/proposals", new { kind = "repeal", on = "2024-07-01", basis = new { number = "议政发〔2024〕4号" }, reason = "提议" }))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task when_a_staff_reviewer_approves_a_proposal_from_the_review_queue_the_document_should_end_and_the_page_redirect()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "议政规发〔2019〕5号", "某某县公园管理办法", "2019-01-10", new { on = "2019-02-01" }));
        var proposalId = (await Given.Post(app.Clerk(), $"/api/documents/{id}/proposals",
            new { kind = "repeal", on = "2024-07-01", basis = new { number = "议政发〔2024〕5号" }, reason = "提议" }))["id"]!.GetValue<Guid>();

        var reviewer = StaffClient.Browser(app);
        await StaffClient.SignIn(reviewer, RegisterApp.StaffReviewer.User, RegisterApp.StaffReviewer.Password);
        (await reviewer.GetStringAsync("/staff")).Should().Contain($"/staff/proposals/{proposalId}").And.Contain("废止提议");
        var page = await reviewer.GetStringAsync($"/staff/proposals/{proposalId}");
        page.Should().Contain("将登记该文件自2024年7月1日起废止");
        var unknownStep = await reviewer.PostAsync($"/staff/proposals/{proposalId}/whatever", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.Token(page), ["version"] = "1", ["reason"] = "测试",
        }));
        unknownStep.StatusCode.Should().Be(HttpStatusCode.NotFound, "an unknown step decides nothing");
        (await Given.Get(app.Reviewer(), "/api/proposals?state=open")).AsArray().Should().Contain(p => p!["id"]!.GetValue<Guid>() == proposalId);
        var approved = await reviewer.PostAsync($"/staff/proposals/{proposalId}/approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.Token(page), ["version"] = "1", ["reason"] = "审核通过",
        }));
        approved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        approved.Headers.Location!.OriginalString.Should().Be($"/documents/{id}");
        (await Status(id)).Should().Be("repealed");
        (await reviewer.GetStringAsync("/staff")).Should().NotContain($"/staff/proposals/{proposalId}", "a decided proposal leaves the queue");
    }

    [Fact]
    public async Task when_the_document_ended_after_a_proposal_approving_that_proposal_should_be_refused_and_record_nothing()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "议政规发〔2019〕9号", "某某县公园管理办法", "2019-01-10", new { on = "2019-02-01" }));
        var repeal = (await Given.Post(app.Clerk(), $"/api/documents/{id}/proposals",
            new { kind = "repeal", on = "2024-07-01", basis = new { number = "议政发〔2024〕9号" }, reason = "提议" }))["id"]!.GetValue<Guid>();
        var invalid = (await Given.Post(app.Clerk(), $"/api/documents/{id}/proposals",
            new { kind = "declare_invalid", on = "2024-06-01", basis = new { number = "议政发〔2024〕10号" }, reason = "提议" }))["id"]!.GetValue<Guid>();
        await Given.Post(app.Reviewer(), $"/api/proposals/{invalid}/approve", new { version = 1, reason = "审核通过" });
        var timeline = (await Given.Get(app.Reviewer(), $"/api/documents/{id}"))["timeline"]!.AsArray().Count;

        // The rules are checked on the document as the approval reads it, the read whose version the ending would name.
        var refused = await app.Reviewer().PostAsJsonAsync($"/api/proposals/{repeal}/approve", new { version = 1, reason = "审核通过" });
        refused.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Given.Problem(refused))["errors"]!["on"]![0]!.GetValue<string>().Should().Contain("已于2024-06-01被议政发〔2024〕10号宣布失效");
        (await Given.Get(app.Reviewer(), $"/api/documents/{id}"))["timeline"]!.AsArray().Should().HaveCount(timeline);
        (await Given.Get(app.Reviewer(), "/api/proposals?state=open")).AsArray().Should().Contain(p => p!["id"]!.GetValue<Guid>() == repeal);
        (await Status(id)).Should().Be("declared_invalid");
    }
}
