using PolicyRegister.Domain.Texts;

namespace PolicyRegister.Gazettes.Tests;

/// <summary>The text structure over a real attached 办法 as the 2024 gazette prints it (PDF extraction, page breaks, "- " bullets).</summary>
public class TextStructureGazetteTests
{
    [GazetteFact]
    public void when_the_2024_flight_fund_measures_are_parsed_article_three_should_name_the_flight_deposit()
    {
        var lines = File.ReadAllLines(Path.Combine(GazetteFiles.Folder!, "zhongwei-2024-01.txt"));
        var first = Array.FindIndex(lines, l => l.StartsWith("第一条 为规范中卫市航空运输发展专项资金管理", StringComparison.Ordinal));
        var last = Array.FindIndex(lines, first, l => l.StartsWith("第十九条", StringComparison.Ordinal));
        first.Should().BeGreaterThan(0);
        var tree = TextStructure.Parse(string.Join("\n", lines[(first - 2)..(last + 1)]));

        tree.Warnings.Should().BeEmpty("the measures number their articles 第一条 to 第十九条 without a gap");
        var articles = tree.All().Where(p => p.Kind == PartKind.Article).ToList();
        articles.Select(a => a.Id).Should().Equal(Enumerable.Range(1, 19).Select(n => $"art_{n}"));
        tree.Find("art_3__para_1")!.Text.Should().Contain("航班保证金");
        tree.Find("art_5")!.Heading.Should().Be("专项资金使用原则");
        tree.Find("art_5__para_1__item_3")!.Number.Should().Be("(三)");
        // 第八条（三）runs over a page break: "在航班开通前 15 个工作日" / "内,按协议约定…" is one item.
        tree.Find("art_8__para_1__item_3")!.Text.Should().Contain("15 个工作日内,按协议约定");
        tree.Find("art_8__para_1__item_2__point_1__subpoint_4")!.Text.Should().StartWith("2.5 小时以上");
        tree.Find("art_19__para_1")!.Text.Should().Contain("有效期至2027年夏秋航季结束");
    }
}
