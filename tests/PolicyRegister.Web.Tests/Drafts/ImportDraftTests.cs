using System.Net;
using System.Net.Http.Json;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Drafts;

/// <summary>An import plan is a draft too: a clerk saves the gazette, another person approves it, and only then is it committed.</summary>
[Collection(RegisterCollection.Name)]
public class ImportDraftTests(RegisterApp app)
{
    private static string Gazette(string county) => $"""
        {county}人民政府公报
        2023年第1期
        2023年2月1日出版

        {county}人民政府关于印发{county}供暖管理办法的通知
        导政规发〔2023〕1号

        各乡（镇）人民政府，县政府各部门：
        现将《{county}供暖管理办法》印发给你们，请认真贯彻执行。
        本办法自2023年3月1日起施行，有效期至2028年2月29日。

        {county}人民政府
        2023年1月20日
        """;

    [Fact]
    public async Task when_a_clerk_saves_an_import_draft_only_another_reviewer_should_commit_it()
    {
        var jurisdiction = Given.Jurisdiction();
        var county = Domain.Jurisdictions.Divisions.ByCode(jurisdiction)!.Name;
        var created = await Given.Post(app.Clerk(), "/api/imports/drafts",
            new { fileName = "gazette-2023-01.txt", text = Gazette(county), jurisdiction, reason = "据公报导入" });
        var id = created["id"]!.GetValue<Guid>();
        var draft = await Given.Get(app.Reviewer(), $"/api/imports/drafts/{id}");
        draft["documents"]!.GetValue<int>().Should().Be(1);
        draft["alreadyRegistered"]!.GetValue<int>().Should().Be(0);
        (await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={jurisdiction}"))["total"]!.GetValue<long>().Should().Be(0, "a draft imports nothing");

        await Given.Post(app.Clerk(), $"/api/imports/drafts/{id}/submit", new { version = 1, reason = "请审核" });
        (await app.Clerk().PostAsJsonAsync($"/api/imports/drafts/{id}/approve", new { version = 2, reason = "自批" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var approved = await Given.Post(app.Reviewer(), $"/api/imports/drafts/{id}/approve", new { version = 2, reason = "审核通过" });
        approved["report"]!["registered"]!.GetValue<int>().Should().Be(1);
        var found = await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={jurisdiction}");
        found["total"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public async Task when_an_import_draft_is_not_a_gazette_or_unknown_it_should_be_refused()
    {
        var bad = await app.Clerk().PostAsJsonAsync("/api/imports/drafts", new { fileName = "x.txt", text = "\u0000\u0001", reason = "导入" });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await app.Clerk().PostAsJsonAsync($"/api/imports/drafts/{Guid.NewGuid()}/submit", new { version = 1, reason = "提交" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task when_a_clerk_saves_an_uploaded_gazette_as_a_draft_a_staff_reviewer_should_approve_it_from_the_review_queue()
    {
        var jurisdiction = Given.Jurisdiction();
        var county = Domain.Jurisdictions.Divisions.ByCode(jurisdiction)!.Name;
        var clerk = StaffClient.Browser(app);
        await StaffClient.SignIn(clerk, RegisterApp.StaffClerk.User, RegisterApp.StaffClerk.Password);
        var upload = new MultipartFormDataContent
        {
            { new StringContent(StaffClient.Token(await clerk.GetStringAsync("/staff/imports"))), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(Gazette(county))), "gazette", "gazette-2023-01.txt" },
        };
        var planned = await (await clerk.PostAsync("/staff/imports", upload)).Content.ReadAsStringAsync();
        planned.Should().Contain("保存导入草稿并提交审核").And.NotContain("直接提交导入", "a clerk does not commit");
        static string Hidden(string html, string name) =>
            System.Text.RegularExpressions.Regex.Match(html, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value;
        var saved = await clerk.PostAsync("/staff/imports/draft", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.Token(planned), ["plan"] = Hidden(planned, "plan"), ["source"] = Hidden(planned, "source"),
            ["fileName"] = "gazette-2023-01.txt", ["include"] = "0", ["jurisdiction"] = jurisdiction, ["reason"] = "据公报导入",
        }));
        saved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var draftUrl = saved.Headers.Location!.OriginalString.Split('?')[0];
        (await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={jurisdiction}"))["total"]!.GetValue<long>().Should().Be(0);

        var reviewer = StaffClient.Browser(app);
        await StaffClient.SignIn(reviewer, RegisterApp.StaffReviewer.User, RegisterApp.StaffReviewer.Password);
        (await reviewer.GetStringAsync("/staff")).Should().Contain(draftUrl).And.Contain("导入草稿");
        var review = await reviewer.GetStringAsync(draftUrl);
        review.Should().Contain("将新登记1件").And.Contain("新登记");
        var approved = await reviewer.PostAsync($"{draftUrl}/approve", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.Token(review), ["version"] = "2", ["reason"] = "审核通过",
        }));
        approved.StatusCode.Should().Be(HttpStatusCode.Redirect);
        approved.Headers.Location!.OriginalString.Should().EndWith("?done=approved");
        (await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={jurisdiction}"))["total"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public async Task when_an_import_draft_holds_a_cleanup_decision_the_review_page_should_show_its_annex_row_by_row()
    {
        var jurisdiction = Given.Jurisdiction();
        var county = Domain.Jurisdictions.Divisions.ByCode(jurisdiction)!.Name;
        var text = $"""
            {county}人民政府公报
            2022年第2期
            2022年3月1日出版

            {county}人民政府关于废止部分行政规范性文件的决定
            导政发〔2022〕4号

            各乡（镇）人民政府，县政府各部门：
            县人民政府对现行行政规范性文件进行了清理，决定废止2件行政规范性文件。
            本决定自印发之日起施行。

            {county}人民政府
            2022年2月20日

            附件：{county}人民政府决定废止的行政规范性文件目录
            序号	文件名称	文号	废止理由
            1	{county}城区停车管理办法	导政发〔2015〕3号	被《{county}停车场管理办法》替代
            2	《{county}集贸市场管理办法》第五条、第八条	导政发〔2016〕7号	与上位法不一致
            """;
        var id = (await Given.Post(app.Clerk(), "/api/imports/drafts", new { fileName = "gazette-2022-02.txt", text, jurisdiction, reason = "据公报导入" }))["id"]!.GetValue<Guid>();
        var reviewer = StaffClient.Browser(app);
        await StaffClient.SignIn(reviewer, RegisterApp.StaffReviewer.User, RegisterApp.StaffReviewer.Password);
        var page = await reviewer.GetStringAsync($"/staff/imports/drafts/{id}");
        page.Should().Contain("清理决定 导政发〔2022〕4号：废止2件");
        page.Should().Contain($"{county}城区停车管理办法").And.Contain($"被《{county}停车场管理办法》替代");
        page.Should().Contain("废止：第五条、第八条").And.Contain("与上位法不一致");
    }
}
