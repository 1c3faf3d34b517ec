using System.Net;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PolicyRegister.Gazettes;
using PolicyRegister.Gazettes.Tests;
using PolicyRegister.Web.Imports;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Imports;

[Collection(RegisterCollection.Name)]
public class GazetteImportTests(RegisterApp app)
{
    /// <summary>The three gazettes moved into a jurisdiction of the test's own, in order of publication.</summary>
    private static List<ImportPlan> Plans(string jurisdiction) => Directory.GetFiles(GazetteFiles.Folder!, "*.txt")
        .Select(f => GazetteParser.Parse(File.ReadAllBytes(f)))
        .Select(p => p with { Gazette = p.Gazette with { Jurisdiction = jurisdiction }, Documents = p.Documents.Select(d => d with { Jurisdiction = jurisdiction }).ToList() })
        .OrderBy(p => p.Gazette.PublishedOn)
        .ToList();

    private Task<ImportReport> Commit(ImportPlan plan) => GazetteImport.Commit(plan, app.Services.GetRequiredService<IDocumentStore>(),
        app.ConnectionString, "import-test", "test", null, CancellationToken.None);

    private async Task<long> EventCount()
    {
        await using var conn = await app.OpenDatabase();
        await using var cmd = new NpgsqlCommand("select count(*) from register.mt_events where type <> 'tombstone'", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<JsonNode> StatusOf(string jurisdiction, string number, string on)
    {
        var page = await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={Uri.EscapeDataString(jurisdiction)}&number={Uri.EscapeDataString(number)}");
        var id = page["items"]!.AsArray().Single()!["id"]!.GetValue<Guid>();
        return await Given.Get(app.Anonymous(), $"/api/documents/{id}/status?on={on}");
    }

    [GazetteFact]
    public async Task when_the_three_gazettes_are_imported_in_date_order_the_register_should_answer_the_decisions_questions()
    {
        var jurisdiction = Given.Jurisdiction();
        foreach (var plan in Plans(jurisdiction))
            (await Commit(plan)).Committed.Should().BeTrue();

        var repealed = await StatusOf(jurisdiction, "卫政办发〔2010〕226号", "2024-07-04");
        repealed["status"]!.GetValue<string>().Should().Be("repealed");
        repealed["basis"]!["number"]!.GetValue<string>().Should().Be("卫政规发〔2023〕2号");
        var amended = await StatusOf(jurisdiction, "卫政办规发〔2019〕1号", "2024-07-04");
        amended["status"]!.GetValue<string>().Should().Be("in_force");
        amended["pendingAmendment"]!.GetValue<bool>().Should().BeTrue();
        var early = await StatusOf(jurisdiction, "卫政发〔2005〕96号", "2024-07-04");
        early["status"]!.GetValue<string>().Should().Be("repealed");
        early["basis"]!["number"]!.GetValue<string>().Should().Be("卫政规发〔2022〕1号");
        (await StatusOf(jurisdiction, "卫政规发〔2022〕1号", "2024-07-04"))["status"]!.GetValue<string>().Should().Be("in_force");
        var flights = await StatusOf(jurisdiction, "卫政规发〔2024〕1号", "2024-07-04");
        flights["status"]!.GetValue<string>().Should().Be("in_force");
        flights["expiry"]!["text"]!.GetValue<string>().Should().Be("2027年夏秋航季结束");

        var decision = await Given.Get(app.Anonymous(), $"/api/decisions/{Uri.EscapeDataString("卫政规发〔2023〕2号")}?jurisdiction={Uri.EscapeDataString(jurisdiction)}");
        decision["counts"]!["retain"]!.GetValue<int>().Should().Be(34);
        decision["counts"]!["repeal"]!.GetValue<int>().Should().Be(16);
        decision["counts"]!["amend"]!.GetValue<int>().Should().Be(4);
        decision["effectiveOn"]!.GetValue<string>().Should().Be("2024-07-03");
    }

    [GazetteFact]
    public async Task when_the_gazettes_are_imported_every_normative_document_should_keep_its_text_with_articles_or_paragraphs()
    {
        var jurisdiction = Given.Jurisdiction();
        var plans = Plans(jurisdiction);
        foreach (var plan in plans) (await Commit(plan)).Committed.Should().BeTrue();

        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var normative = plans.SelectMany(p => p.Documents).Where(d => d.Normative).Select(d => Domain.Numbers.DocumentNumber.Parse(d.Number).Key).ToArray();
        var documents = await session.Query<Domain.Documents.Document>().Where(d => d.Jurisdiction == jurisdiction && d.NumberKey.IsOneOf(normative)).ToListAsync();
        documents.Should().HaveCount(normative.Distinct().Count());
        foreach (var doc in documents)
        {
            var (_, text) = await PolicyRegister.Web.Documents.DocumentTextProjection.For(session, doc.Id, new DateOnly(2030, 1, 1), CancellationToken.None);
            text.Should().NotBeNull($"{doc.Number} keeps the text the gazette printed");
            var tree = Domain.Texts.TextStructure.Parse(text!.Text);
            tree.All().Should().Contain(p => p.Kind == Domain.Texts.PartKind.Article || p.Kind == Domain.Texts.PartKind.Paragraph, doc.Number);
            text.Source!.Gazette.Should().NotBeNullOrEmpty();
            text.Source.FirstLine.Should().BeGreaterThan(0);
        }

        // 卫政规发〔2024〕1号's 第三条 is reachable at its anchor and names 航班保证金.
        var flights = documents.Single(d => d.Number == "卫政规发〔2024〕1号");
        var page = await app.Anonymous().GetStringAsync($"/eli/{jurisdiction}/2024/{Uri.EscapeDataString("卫政规发")}/1");
        var article = System.Text.RegularExpressions.Regex.Match(page, "<p id=\"art_3\"[^>]*>(.*?)</p>", System.Text.RegularExpressions.RegexOptions.Singleline);
        article.Success.Should().BeTrue();
        page.Should().Contain("<p id=\"art_3__para_1\"");
        System.Text.RegularExpressions.Regex.Match(page, "<p id=\"art_3__para_1\"[^>]*>(.*?)</p>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value
            .Should().Contain("航班保证金");

        // A second import leaves the texts as they are.
        var before = await EventCount();
        foreach (var plan in plans) await Commit(plan);
        (await EventCount()).Should().Be(before);
    }

    [GazetteFact]
    public async Task when_a_gazette_is_imported_again_nothing_should_change()
    {
        var jurisdiction = Given.Jurisdiction();
        var plans = Plans(jurisdiction);
        foreach (var plan in plans) await Commit(plan);
        var events = await EventCount();

        foreach (var plan in plans)
        {
            var again = await Commit(plan);
            again.Committed.Should().BeTrue();
            (again.Registered, again.DecisionsApplied).Should().Be((0, 0));
            again.Unchanged.Should().Be(plan.Documents.Count);
        }
        (await EventCount()).Should().Be(events);
    }

    [GazetteFact]
    public async Task when_one_command_of_an_import_is_refused_nothing_of_that_gazette_should_be_stored()
    {
        var jurisdiction = Given.Jurisdiction();
        var plan = Plans(jurisdiction).Single(p => p.Gazette.Year == 2024);
        // A second row repealing a document the list also retains: the decision is refused, and with it the whole gazette.
        var decision = plan.Decisions[0];
        var conflicting = decision.Items[0] with { Action = Domain.Decisions.DecisionAction.Repeal, Seq = 17 };
        plan = plan with { Decisions = [decision with { Items = [.. decision.Items, conflicting] }] };
        var events = await EventCount();

        var report = await Commit(plan);

        report.Committed.Should().BeFalse();
        report.Refused.Should().ContainSingle().Which.Number.Should().Be("卫政规发〔2023〕2号");
        (await EventCount()).Should().Be(events);
        var found = await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={Uri.EscapeDataString(jurisdiction)}");
        found["total"]!.GetValue<long>().Should().Be(0);
    }

    [GazetteFact]
    public async Task when_a_plan_still_has_blocking_entries_its_commit_should_be_refused_and_store_nothing()
    {
        var jurisdiction = Given.Jurisdiction();
        var plan = Plans(jurisdiction).Single(p => p.Gazette.Year == 2019);
        plan = plan with { Blocking = [new Gazettes.ImportWarning(1, "刊头无法确定管辖区", Gazettes.ImportPlan.JurisdictionBlock)] };
        var events = await EventCount();

        var report = await Commit(plan);

        report.Committed.Should().BeFalse();
        report.Refused.Should().ContainSingle().Which.Detail.Should().Contain("刊头无法确定管辖区");
        (await EventCount()).Should().Be(events);

        var settled = await Commit(plan.WithJurisdiction(jurisdiction));
        settled.Committed.Should().BeTrue();
        settled.Registered.Should().Be(plan.Documents.Count);
    }

    [GazetteFact]
    public async Task when_the_2023_cleanup_is_checked_for_coverage_it_should_list_what_it_left_out_as_computed_independently()
    {
        var jurisdiction = Given.Jurisdiction();
        foreach (var plan in Plans(jurisdiction)) (await Commit(plan)).Committed.Should().BeTrue();
        var number = Uri.EscapeDataString("卫政规发〔2023〕2号");
        var decision = await Given.Get(app.Anonymous(), $"/api/decisions/{number}?jurisdiction={jurisdiction}");
        var coverage = await Given.Get(app.Anonymous(), $"/api/decisions/{number}/coverage?jurisdiction={jurisdiction}");

        // Independently: the issuer's normative documents and rules in force the day before, minus the rows and the decision itself.
        var day = DateOnly.Parse(decision["effectiveOn"]!.GetValue<string>()).AddDays(-1).ToString("yyyy-MM-dd");
        var inForce = new HashSet<Guid>();
        foreach (var kind in new[] { "normative", "rule" })
        {
            var page = await Given.Get(app.Anonymous(),
                $"/api/documents?jurisdiction={jurisdiction}&issuer={Uri.EscapeDataString("中卫市人民政府")}&kind={kind}&status=in_force&on={day}&pageSize=200");
            inForce.UnionWith(page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));
        }
        var named = decision["outcomes"]!.AsArray().Select(o => o!["documentId"]!.GetValue<Guid>()).ToHashSet();
        var expected = inForce.Where(id => !named.Contains(id) && id != decision["documentId"]!.GetValue<Guid>()).ToHashSet();

        expected.Should().NotBeEmpty("the 2024 gazette's own documents and the 2022 decision's survivors are in force and unnamed");
        coverage["inForceOn"]!.GetValue<string>().Should().Be(day);
        coverage["notMentioned"]!.AsArray().Select(d => d!["id"]!.GetValue<Guid>()).Should().BeEquivalentTo(expected);
        // Documents known only from the decisions' lists have no issuer: the catalogue groups them by their number's code.
        var catalogue = await app.Anonymous().GetStringAsync($"/publish/catalogue?jurisdiction={jurisdiction}&format=csv");
        var rows = catalogue.Split('\n').Select(l => l.TrimEnd('\r')).Skip(1).Where(l => l.Length > 0).ToList();
        var unknown = rows.Count(l => l.Contains("（发文机关不详）"));
        rows.Should().NotBeEmpty();
        unknown.Should().BeLessThan(rows.Count / 10, $"{unknown} of {rows.Count} rows fall under 发文机关不详");
        catalogue.Should().Contain("（据文号推定）");

        var decisionPage = await app.Anonymous().GetStringAsync($"/decisions/{decision["id"]!.GetValue<Guid>()}");
        decisionPage.Should().Contain($"本次清理未涉及的现行有效文件{expected.Count}件");
        (await app.Anonymous().GetAsync($"/api/decisions/{number}/coverage?jurisdiction={jurisdiction}&scope=everything"))
            .StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
    }
}
