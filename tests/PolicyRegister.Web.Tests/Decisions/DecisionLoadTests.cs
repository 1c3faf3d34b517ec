using Marten;
using Microsoft.Extensions.DependencyInjection;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Decisions;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Decisions;

[Collection(RegisterCollection.Name)]
public class DecisionLoadTests(RegisterApp app)
{
    [Fact]
    public async Task when_a_decision_loads_only_the_documents_its_rows_can_name_its_plan_should_equal_a_plan_against_the_whole_jurisdiction()
    {
        var jurisdiction = Given.Jurisdiction();
        var place = Domain.Jurisdictions.Divisions.NameOf(jurisdiction);
        // Topics no other test names, so that their grams stay rare in the statistics of the shared test database.
        string[] topics = ["骆驼刺固沙造林", "硒砂瓜贮运销售", "贺兰石雕刻技艺保护", "沙湖湿地观鸟", "滩羊肉产品溯源", "麻黄草采挖收购", "发菜禁采禁售", "甘草人工种植"];
        string[] kinds = ["管理办法", "实施细则", "暂行规定"];
        var registered = new List<(string Number, string Title)>();
        var n = 0;
        foreach (var topic in topics)
        foreach (var kind in kinds)
        {
            var title = $"{place}人民政府关于印发《{place}{topic}{kind}》的通知";
            var number = $"载政规发〔2023〕{++n}号";
            await Given.Registered(app.Clerk(), Given.Document(jurisdiction, number, title, $"2023-{1 + n % 12:00}-{1 + n % 28:00}"));
            registered.Add((number, title));
        }
        // Seven hundred documents elsewhere with titles of rare characters: in the statistics, the place's and the
        // wrapper's grams are then common (in over 1 % of the register), a topic's rare, as in a province's register.
        var elsewhere = Given.Jurisdiction();
        var random = new Random(3);
        string Rare() => new([.. Enumerable.Range(0, 6).Select(_ => (char)random.Next(0x4E00, 0x9FA5))]);
        var fillers = Enumerable.Range(1, 700).Select(i => Given.Document(elsewhere, $"填政规发〔2023〕{i}号", $"关于{Rare()}的通知", "2023-05-01")).ToList();
        foreach (var batch in fillers.Chunk(20)) await Task.WhenAll(batch.Select(f => Given.Registered(app.Clerk(), f)));
        await using (var conn = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await conn.OpenAsync();
            await using var analyze = new Npgsql.NpgsqlCommand("analyze register.mt_doc_document", conn);
            await analyze.ExecuteNonQueryAsync();
        }
        PolicyRegister.Web.Documents.KeyStatistics.Forget();

        // Rows by number, by a number the register lacks, by whole and inner title, by a title changed a little, by nothing alike.
        var rows = new List<DecisionItemInput>();
        var seq = 0;
        foreach (var (number, title) in registered.Take(6)) rows.Add(new(DecisionAction.Retain, ++seq, $"《{title}》", number));
        rows.Add(new(DecisionAction.Retain, ++seq, $"{place}{topics[2]}{kinds[0]}", "载政规发〔2023〕999号"));
        rows.Add(new(DecisionAction.Retain, ++seq, $"《{place}{topics[2]}{kinds[1]}》", null));
        rows.Add(new(DecisionAction.Repeal, ++seq, $"{place}{topics[3]}{kinds[0]}", null));
        rows.Add(new(DecisionAction.Repeal, ++seq, $"{place}{topics[4]}管理规定", null));
        rows.Add(new(DecisionAction.Retain, ++seq, "关于加强沙漠旅游安全的通知", null));
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var everything = await session.Query<Document>().Where(d => d.Jurisdiction == jurisdiction).ToListAsync();
        var whole = new DecisionInputs.Context([.. everything.Select(d => new Candidate(d.Id, d.Number, d.NumberKey, d.Title, d.AlternativeTitles))],
            everything.ToDictionary(d => d.Id), everything.ToDictionary(d => d.Id, _ => 0L), null, null);
        // The same rows, then with two whose titles are mostly common grams (a whole 关于印发《…》的通知 title, and 管理办法),
        // which read the jurisdiction's titles: a title of common grams alone could score as well as the right one.
        foreach (var generic in new[] { false, true })
        {
            var items = generic ? [.. rows, new(DecisionAction.Retain, ++seq, registered[7].Title, null), new(DecisionAction.Retain, ++seq, "管理办法", null)] : rows;
            var decision = new ApplyDecision
            {
                Number = $"载政发〔2024〕{Random.Shared.Next(1000, 9999)}号", Title = "关于清理规范性文件的决定", Issuers = [$"{place}人民政府"], Jurisdiction = jurisdiction,
                SignedOn = new DateOnly(2024, 6, 1), Items = items, Reason = "test",
            };
            var loaded = await DecisionInputs.Load(session, decision, default);
            // Each candidate as its document holds it (its columns are read alone, not the document).
            var byId = whole.Candidates.ToDictionary(c => c.Id);
            foreach (var c in loaded.Candidates)
                $"{c.Number}|{c.NumberKey}|{c.Title}|{string.Join("/", c.AlternativeTitles)}".Should().Be(
                    $"{byId[c.Id].Number}|{byId[c.Id].NumberKey}|{byId[c.Id].Title}|{string.Join("/", byId[c.Id].AlternativeTitles)}");
            if (!generic) loaded.Candidates.Count.Should().BeLessThan(everything.Count, "the rows name a few documents, not the jurisdiction");
            var planned = DecisionInputs.Plan(decision, loaded).Items;
            var expected = DecisionInputs.Plan(decision, whole).Items;
            planned.Select(Summary).Should().Equal(expected.Select(Summary), $"generic row: {generic}");
            expected.Count(i => i.Match == ItemMatch.Title).Should().BeGreaterThan(0, "some rows match by title");
            expected.Count(i => i.Match == ItemMatch.Number).Should().Be(6);
        }

        // The title index kept for the jurisdiction answers only for the documents it was built from: a document
        // registered after one decision is found by the next.
        var later = $"{place}人民政府关于印发《{place}沙枣林保护管理办法》的通知";
        var next = new ApplyDecision
        {
            Number = $"载政发〔2024〕{Random.Shared.Next(1000, 9999)}号", Title = "关于清理规范性文件的决定", Issuers = [$"{place}人民政府"], Jurisdiction = jurisdiction,
            SignedOn = new DateOnly(2024, 6, 1), Items = [new(DecisionAction.Retain, 1, later, null), new(DecisionAction.Retain, 2, "管理办法", null)], Reason = "test",
        };
        DecisionInputs.Plan(next, await DecisionInputs.Load(session, next, default)).Items[0].Match.Should().Be(ItemMatch.New);
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "载政规发〔2024〕77号", later, "2024-03-01"));
        var found = DecisionInputs.Plan(next, await DecisionInputs.Load(session, next, default)).Items[0];
        found.Match.Should().Be(ItemMatch.Title);
        found.DocumentId.Should().Be(id);
    }

    private static string Summary(PlannedItem p) =>
        $"{p.Item.Seq} {p.Match} {p.DocumentId} {p.Score} [{string.Join(",", p.Candidates.Select(c => $"{c.DocumentId}:{c.Score}"))}] {string.Join("|", p.Problems.Select(x => x.Message))}";
}
