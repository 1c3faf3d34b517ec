using System.Net;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PolicyRegister.Gazettes;
using PolicyRegister.Gazettes.Tests;
using PolicyRegister.Web.Imports;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Publishing;

[Collection(RegisterCollection.Name)]
public class PublishTests(RegisterApp app)
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static string? _jurisdiction;

    /// <summary>The three shared gazettes imported once into a jurisdiction for these tests.</summary>
    private async Task<string> Imported()
    {
        await Once.WaitAsync();
        try
        {
            if (_jurisdiction is not null) return _jurisdiction;
            var jurisdiction = Given.Jurisdiction();
            foreach (var plan in Directory.GetFiles(GazetteFiles.Folder!, "*.txt").Select(f => GazetteParser.Parse(File.ReadAllBytes(f))).OrderBy(p => p.Gazette.PublishedOn))
            {
                var moved = plan with { Gazette = plan.Gazette with { Jurisdiction = jurisdiction }, Documents = plan.Documents.Select(d => d with { Jurisdiction = jurisdiction }).ToList() };
                (await GazetteImport.Commit(moved, app.Services.GetRequiredService<IDocumentStore>(), app.ConnectionString, "publish-test", "test", null, CancellationToken.None)).Committed.Should().BeTrue();
            }
            return _jurisdiction = jurisdiction;
        }
        finally { Once.Release(); }
    }

    private static string Q(string s) => Uri.EscapeDataString(s);

    private static List<string[]> CsvRows(string csv) => csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
        .Select(line => System.Text.RegularExpressions.Regex.Matches(line, "\"((?:[^\"]|\"\")*)\"|([^,]+)").Select(m => m.Groups[1].Success ? m.Groups[1].Value.Replace("\"\"", "\"") : m.Groups[2].Value).ToArray())
        .ToList();

    [GazetteFact]
    public async Task when_the_2023_decision_notice_is_published_it_should_list_34_16_and_4_documents_in_the_gazettes_order()
    {
        var jurisdiction = await Imported();
        var plan = GazetteParser.Parse(File.ReadAllBytes(Path.Combine(GazetteFiles.Folder!, "zhongwei-2024-01.txt"))).Decisions.Single();

        var csv = await app.Anonymous().GetStringAsync($"/publish/decisions/{Q("卫政规发[2023]2号")}?jurisdiction={Q(jurisdiction)}&format=csv");
        var rows = CsvRows(csv);
        rows.Select(r => (r[0], r[2], r[4])).Should().Equal(plan.Items.Select(i => (
            i.Action switch { Domain.Decisions.DecisionAction.Retain => "1", Domain.Decisions.DecisionAction.Repeal => "2", _ => "3" }, i.Seq.ToString(), i.Number!)));
        rows.GroupBy(r => r[1]).Select(g => (g.Key, g.Count())).Should().Equal(
            ("决定保留的市人民政府行政规范性文件目录", 34), ("决定废止的市人民政府行政规范性文件目录", 16), ("决定修改的市人民政府行政规范性文件目录", 4));

        var html = await app.Anonymous().GetStringAsync($"/publish/decisions/{Q("卫政规发〔2023〕2号")}?jurisdiction={Q(jurisdiction)}");
        html.Should().Contain("<h1>中卫市人民政府关于保留、废止和修改市人民政府行政规范性文件的决定</h1>").And.Contain("附件3");
        var txt = await app.Anonymous().GetStringAsync($"/publish/decisions/{Q("卫政规发〔2023〕2号")}?jurisdiction={Q(jurisdiction)}&format=txt");
        txt.Should().Contain("1\t《市人民政府关于在全市行政事业单位内部聘用职工中建立住房公积金制度的通知》\t卫政发〔2009〕49号");
    }

    [GazetteFact]
    public async Task when_the_catalogue_is_published_for_2024_07_04_it_should_hold_none_of_the_16_repealed_documents()
    {
        var jurisdiction = await Imported();
        var decision = GazetteParser.Parse(File.ReadAllBytes(Path.Combine(GazetteFiles.Folder!, "zhongwei-2024-01.txt"))).Decisions.Single();
        var repealed = decision.Items.Where(i => i.Action == Domain.Decisions.DecisionAction.Repeal).Select(i => i.Number!).ToList();
        var retained = decision.Items.Where(i => i.Action == Domain.Decisions.DecisionAction.Retain).Select(i => i.Number!).ToList();

        var csv = await app.Anonymous().GetStringAsync($"/publish/catalogue?on=2024-07-04&jurisdiction={Q(jurisdiction)}&format=csv");
        var numbers = CsvRows(csv).Select(r => r[3]).ToList();
        numbers.Should().NotContain(repealed).And.Contain(retained).And.Contain("卫政规发〔2024〕1号");

        var byIssuer = await app.Anonymous().GetStringAsync($"/publish/catalogue?on=2024-07-04&jurisdiction={Q(jurisdiction)}&issuer={Q("中卫市人民政府")}&format=csv");
        CsvRows(byIssuer).Select(r => r[3]).Should().BeEquivalentTo("卫政规发〔2022〕1号", "卫政规发〔2023〕2号", "卫政规发〔2024〕1号");

        var html = await app.Anonymous().GetStringAsync($"/publish/catalogue?on=2024-07-04&jurisdiction={Q(jurisdiction)}&groupBy=year");
        html.Should().Contain("现行有效行政规范性文件目录").And.Contain("登记簿信息更新至");
        foreach (var n in repealed) html.Should().NotContain(n);
    }

    [GazetteFact]
    public async Task when_changes_are_published_for_2024_they_should_list_the_16_repeals_with_their_basis()
    {
        var jurisdiction = await Imported();
        var rows = CsvRows(await app.Anonymous().GetStringAsync($"/publish/changes?from=2024-01-01&to=2024-12-31&jurisdiction={Q(jurisdiction)}&format=csv"));
        rows.Should().HaveCount(16);
        rows.Should().OnlyContain(r => r[4] == "已废止" && r[5] == "卫政规发〔2023〕2号" && r[3] == "2024年7月3日");
    }

    [GazetteFact]
    public async Task when_a_certificate_is_published_it_should_state_the_status_on_the_date_and_the_basis()
    {
        var jurisdiction = await Imported();
        var page = await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={Q(jurisdiction)}&number={Q("卫政办发〔2010〕226号")}");
        var id = page["items"]![0]!["id"]!.GetValue<Guid>();
        var txt = await app.Anonymous().GetStringAsync($"/publish/documents/{id}/certificate?on=2024-07-04&format=txt");
        txt.Should().Contain("2024年7月4日的效力状态：已废止（自2024年7月3日起）").And.Contain("依据：卫政规发〔2023〕2号");
        (await app.Anonymous().GetAsync($"/publish/documents/{id}/certificate?format=csv")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task when_a_draft_decision_is_previewed_as_a_notice_nothing_should_be_stored()
    {
        var draft = ZhongweiDecisions.Load("卫政规发〔2022〕1号", Given.Jurisdiction());
        var response = await app.Clerk().PostAsJsonAsync("/publish/decisions/preview?format=txt", draft);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        text.Should().StartWith("（草案，尚未执行）").And.Contain("决定废止的市人民政府行政规范性文件目录").And.Contain("4\t《中卫市烟草制品零售点合理布局规定》\t卫政办发〔2017〕103号");
        (await app.Anonymous().PostAsJsonAsync("/publish/decisions/preview", draft)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task when_staff_preview_an_edited_template_it_should_render_it_and_report_its_errors()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政规发〔2021〕4号", "中卫市行政规范性文件制定与备案管理办法", "2021-06-01", new { on = "2021-07-01" }));
        var ok = await app.Clerk().PostAsJsonAsync("/api/templates/preview", new { output = "catalogue", format = "txt", on = "2024-01-01", jurisdiction, text = "共{{ count }}件：{{ groups[0].rows[0].number }}" });
        (await ok.Content.ReadAsStringAsync()).Should().Be("共1件：卫政规发〔2021〕4号");
        var broken = await app.Clerk().PostAsJsonAsync("/api/templates/preview", new { output = "catalogue", format = "txt", jurisdiction, text = "{{ for x in groups }}" });
        broken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Given.Problem(broken))["errors"]!["text"].Should().NotBeNull();
    }

    [Fact]
    public async Task when_a_published_list_is_asked_in_an_unknown_format_or_without_jurisdiction_it_should_be_400()
    {
        (await app.Anonymous().GetAsync("/publish/catalogue?jurisdiction=x&format=pdf")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await app.Anonymous().GetAsync("/publish/catalogue")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await app.Anonymous().GetAsync("/publish/changes?from=2024-12-31&to=2024-01-01&jurisdiction=x")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
