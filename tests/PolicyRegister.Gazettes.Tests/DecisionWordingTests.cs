using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Gazettes.Tests;

/// <summary>
/// Cleanup decisions in the wordings of other cities and regions, written for these tests: counts written number-first,
/// two actions in one sentence split by an ASCII comma, annex headings with their count in parentheses, rows separated by
/// single spaces, 宣布继续有效 as retention, and a rule-repealing decision that lists its orders inline.
/// </summary>
public class DecisionWordingTests
{
    public const string CityCleanup = """
        某某市人民政府公报
        2021年第3期
        2021年4月1日出版

        某某市人民政府关于宣布失效和废止部分行政规范性文件的决定
        某政规发〔2021〕2号

        各县（区）人民政府，市政府各部门：
        市人民政府对截至2020年底的行政规范性文件进行了全面清理。决定对3件行政规范性文件予以废止,对2件行政规范性文件宣布失效，2件宣布继续有效。
        本决定自公布之日起施行。

        某某市人民政府
        二○二一年三月二十日
        （此件公开发布）

        附件1:某某市人民政府决定废止的行政规范性文件目录(3件)
        序号 文件名称 文号
        1 某某市城市绿化管理办法 某政发〔2010〕1号
        2 某某市地方储备粮管理办法 某政发〔2011〕22号
        3 某某市养犬管理规定 某政办发〔2012〕105号
        附件2:某某市人民政府决定宣布失效的行政规范性文件目录(2件)
        1 某某市医疗救助办法 某政发〔2013〕7号
        2 某某市行政执法监督办法 某政发〔2014〕9号
        附件3:某某市人民政府宣布继续有效的行政规范性文件目录(2件)
        1 某某市住房公积金管理办法 某政规发〔2018〕1号
        2 某某市耕地保护办法 某政规发〔2019〕3号
        """;

    public const string RuleRepeal = """
        某某市人民政府公报
        2021年第6期
        2021年6月1日出版

        某某市人民政府关于废止部分政府规章的决定
        某某市人民政府令第5号

        《某某市人民政府关于废止部分政府规章的决定》已经2021年5月10日市人民政府第30次常务会议审议通过，现予公布，自公布之日起施行。

        市长: 张 三
        2021年5月20日

        经市人民政府研究，决定对以下3件政府规章予以废止：
        一、《某某市城市供水管理办法》(某某市人民政府令第2号发布)
        二、《某某市燃气管理规定》(某某市人民政府令第8号发布)
        三、《某某市户外广告管理办法》(2015年6月1日某某市人民政府令第12号公布，2018年3月1日某某市人民政府令第20号修改)
        本决定自公布之日起施行。
        """;

    [Fact]
    public void when_counts_are_written_number_first_and_split_by_an_ascii_comma_each_should_be_read()
    {
        var decision = GazetteParser.Parse(CityCleanup).Decisions.Should().ContainSingle().Subject;
        decision.Announced.Should().BeEquivalentTo(new Dictionary<string, int> { ["repeal"] = 3, ["declare_invalid"] = 2, ["retain"] = 2 });
    }

    [Fact]
    public void when_annex_rows_are_separated_by_single_spaces_they_should_be_split_into_title_and_number()
    {
        var plan = GazetteParser.Parse(CityCleanup);
        var items = plan.Decisions.Single().Items;
        items.Select(i => (i.Action, i.Seq, i.Number)).Should().Equal(
            (DecisionAction.Repeal, 1, "某政发〔2010〕1号"), (DecisionAction.Repeal, 2, "某政发〔2011〕22号"), (DecisionAction.Repeal, 3, "某政办发〔2012〕105号"),
            (DecisionAction.DeclareInvalid, 1, "某政发〔2013〕7号"), (DecisionAction.DeclareInvalid, 2, "某政发〔2014〕9号"),
            (DecisionAction.Retain, 1, "某政规发〔2018〕1号"), (DecisionAction.Retain, 2, "某政规发〔2019〕3号"));
        items[0].Title.Should().Be("某某市城市绿化管理办法");
        plan.Warnings.Should().NotContain(w => w.Message.Contains("announces") || w.Message.Contains("annex heading says"));
    }

    [Fact]
    public void when_an_annex_heading_states_a_count_its_rows_disagree_with_it_should_be_warned()
    {
        var cut = CityCleanup.Replace("2 某某市地方储备粮管理办法 某政发〔2011〕22号\n", "");
        GazetteParser.Parse(cut).Warnings.Should().Contain(w => w.Message.Contains("the annex heading says 3, its list has 2 rows"));
    }

    [Fact]
    public void when_the_signature_date_writes_its_zeros_as_circles_it_should_be_read() =>
        GazetteParser.Parse(CityCleanup).Documents.Single().SignedOn.Should().Be(new DateOnly(2021, 3, 20));

    [Fact]
    public void when_a_rule_repealing_decision_lists_its_orders_inline_each_should_be_an_item_with_its_number()
    {
        var plan = GazetteParser.Parse(RuleRepeal);
        var document = plan.Documents.Should().ContainSingle().Subject;
        document.Kind.Should().Be(DocumentKind.Rule);
        document.Issuers.Should().Equal("某某市人民政府");
        document.SignedOn.Should().Be(new DateOnly(2021, 5, 20));
        var decision = plan.Decisions.Should().ContainSingle().Subject;
        decision.Items.Select(i => (i.Action, i.Seq, i.Title, i.Number)).Should().Equal(
            (DecisionAction.Repeal, 1, "《某某市城市供水管理办法》", "某某市人民政府令第2号"),
            (DecisionAction.Repeal, 2, "《某某市燃气管理规定》", "某某市人民政府令第8号"),
            (DecisionAction.Repeal, 3, "《某某市户外广告管理办法》", "某某市人民政府令第12号"));
        decision.Announced.Should().BeEquivalentTo(new Dictionary<string, int> { ["repeal"] = 3 });
    }

    [Fact]
    public void when_an_annex_has_a_reason_column_and_its_own_verb_each_row_should_keep_them_as_printed()
    {
        var plan = GazetteParser.Parse("""
            某某市人民政府公报
            2021年第5期
            2021年6月1日出版

            某某市人民政府关于废止部分行政规范性文件的决定
            某政规发〔2021〕5号

            各县（区）人民政府：
            经清理，决定2件行政规范性文件停止执行。
            本决定自公布之日起施行。

            某某市人民政府
            2021年5月20日

            附件
            决定停止执行的行政规范性文件目录
            序号	文件名称	文号	清理理由
            1	某某市城市绿化管理办法	某政发〔2010〕1号	被《某某市绿化条例》替代
            2	某某市地方储备粮管理办法	某政发〔2011〕22号	调整对象已消失
            """);
        var items = plan.Decisions.Single().Items;
        items.Select(i => (i.Action, i.Verb, i.Number, i.ReasonText)).Should().Equal(
            (DecisionAction.Repeal, "停止执行", "某政发〔2010〕1号", "被《某某市绿化条例》替代"),
            (DecisionAction.Repeal, "停止执行", "某政发〔2011〕22号", "调整对象已消失"));
        items[0].Title.Should().Be("某某市城市绿化管理办法");
    }
}
