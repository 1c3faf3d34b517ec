namespace PolicyRegister.Gazettes.Tests;

/// <summary>
/// Tables of contents in the layouts other gazettes use, written for these tests: the page number in parentheses
/// after the number, and the number glued to the title by dot leaders. Each entry must link to its document (section
/// and page), and no entry may be reported missing.
/// </summary>
public class ContentsLayoutTests
{
    private const string Body = """

        某某市人民政府关于加强城市管理的通知
        某政发〔2020〕5号

        各县（区）人民政府：
        现就加强城市管理通知如下。本通知自2020年3月1日起施行。

        某某市人民政府
        2020年2月1日
        （此件公开发布）

        中共某某市委办公室 某某市人民政府办公室关于做好春节期间工作的通知
        某党办〔2020〕12号

        各县（区）党委和人民政府：
        现就有关事项通知如下。

        中共某某市委办公室
        某某市人民政府办公室
        2020年1月10日
        """;

    private static void EveryEntryShouldLink(ImportPlan plan)
    {
        plan.Toc.Should().HaveCount(2);
        plan.Toc.Should().OnlyContain(e => e.Number != null && e.Page != null);
        plan.Documents.Select(d => d.Number).Should().Equal("某政发〔2020〕5号", "某党办〔2020〕12号");
        plan.Documents.Should().OnlyContain(d => d.Section != null && d.Page != null);
        plan.Warnings.Should().NotContain(w => w.Message.Contains("table of contents"));
    }

    [Fact]
    public void when_the_page_number_stands_in_parentheses_after_the_number_every_entry_should_link()
    {
        var plan = GazetteParser.Parse($"""
            某某市人民政府公报
            2020年第2期
            2020年3月1日出版
            目  录
            【市政府文件】
            某某市人民政府关于加强城市管理的通知
            （某政发〔2020〕5号）（7）
            【市政府办公室文件】
            中共某某市委办公室 某某市人民政府办公室关于做好春节期间工作的通知
            （某党办〔2020〕12号）（11）
            {Body}
            """);
        EveryEntryShouldLink(plan);
        plan.Toc.Select(e => e.Page).Should().Equal(7, 11);
        plan.Toc[0].Section.Should().Be("市政府文件");
    }

    [Fact]
    public void when_the_number_is_glued_to_the_title_by_dot_leaders_every_entry_should_link()
    {
        var plan = GazetteParser.Parse($"""
            某某市人民政府公报
            2020年第2期
            2020年3月1日出版
            目  录
            【市政府文件】
            某某市人民政府关于加强城市管理的通知某政发〔2020〕5号…………7
            【市政府办公室文件】
            中共某某市委办公室 某某市人民政府办公室关于做好春节
            期间工作的通知某党办〔2020〕12号…………………11
            {Body}
            """);
        EveryEntryShouldLink(plan);
        plan.Toc.Select(e => e.Title).Should().Equal("某某市人民政府关于加强城市管理的通知", "中共某某市委办公室某某市人民政府办公室关于做好春节期间工作的通知");
    }

    [Fact]
    public void when_a_contents_line_is_wrapped_before_its_page_number_the_entry_should_still_link()
    {
        var plan = GazetteParser.Parse($"""
            某某市人民政府公报
            2020年第2期
            2020年3月1日出版
            目  录
            【市政府文件】
            某某市人民政府关于加强城市管理的通知
            （某政发〔2020〕5号）……
            ……7
            【市政府办公室文件】
            中共某某市委办公室 某某市人民政府办公室关于做好春节期间工作的通知
            （某党办〔2020〕12号）…………
            11
            {Body}
            """);
        EveryEntryShouldLink(plan);
    }
}
