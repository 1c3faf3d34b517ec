using PolicyRegister.Domain.Decisions;

namespace PolicyRegister.Gazettes.Tests;

/// <summary>
/// A cleanup decision, written for these tests, whose annex has a reason column, a row that repeals two articles only
/// and a row listed for reference (已由…废止): what each row says is kept as it says it.
/// </summary>
public class ReferenceAndScopeRowTests
{
    private const string Gazette = """
        某某县人民政府公报
        2022年第2期
        2022年3月1日出版

        某某县人民政府关于废止部分行政规范性文件的决定
        某县政发〔2022〕4号

        各乡（镇）人民政府，县政府各部门：
        县人民政府对现行行政规范性文件进行了清理，决定废止2件行政规范性文件。
        本决定自印发之日起施行。

        某某县人民政府
        2022年2月20日

        附件：某某县人民政府决定废止的行政规范性文件目录
        序号	文件名称	文号	废止理由
        1	某某县城区停车管理办法	某县政发〔2015〕3号	被《某某县停车场管理办法》替代
        2	《某某县集贸市场管理办法》第五条、第八条	某县政发〔2016〕7号	与上位法不一致
        3	某某县殡葬管理办法	某县政发〔2014〕2号	已由《某某县人民政府关于废止部分文件的决定》（某县政发〔2020〕1号）废止，列明备查
        """;

    [Fact]
    public void when_a_row_names_articles_the_scope_should_be_kept_and_the_title_matched_without_them()
    {
        var items = GazetteParser.Parse(Gazette).Decisions.Single().Items;
        items.Should().HaveCount(3);
        items[1].Title.Should().Be("《某某县集贸市场管理办法》");
        items[1].Scope!.Articles.Should().Equal("第五条", "第八条");
        items[1].ReasonText.Should().Be("与上位法不一致");
        items[0].Scope.Should().BeNull();
        items[0].ReasonText.Should().Be("被《某某县停车场管理办法》替代");
        items[0].Verb.Should().Be("废止");
    }

    [Fact]
    public void when_a_row_says_it_was_already_repealed_by_another_act_it_should_be_a_reference_row_naming_that_act()
    {
        var row = GazetteParser.Parse(Gazette).Decisions.Single().Items[2];
        row.Reference.Should().BeTrue();
        row.EndedBy.Should().Be("《某某县人民政府关于废止部分文件的决定》（某县政发〔2020〕1号）");
        row.Verb.Should().Be("已废止");
        row.Action.Should().Be(DecisionAction.Repeal, "it stands in the repeal list, though it repeals nothing");
    }

    [Fact]
    public void when_the_decision_announces_two_and_lists_a_third_for_reference_it_should_not_warn_of_a_missing_row()
    {
        var plan = GazetteParser.Parse(Gazette);
        plan.Warnings.Should().NotContain(w => w.Message.Contains("announces"), "the reference row is not one of the two repealed");
    }
}
