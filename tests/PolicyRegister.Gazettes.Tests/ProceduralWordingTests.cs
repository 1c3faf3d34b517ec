namespace PolicyRegister.Gazettes.Tests;

/// <summary>Sentences that speak of repealing without repealing: the importer must never read them as an act.</summary>
public class ProceduralWordingTests
{
    private static ImportPlan Gazette(string title, string sentence) => GazetteParser.Parse($"""
        石嘴山市人民政府公报
        2021年第4期
        2021年5月1日出版

        {title}
        石政发〔2021〕8号

        各县（区）人民政府：
        {sentence}
        本办法自2021年6月1日起施行。

        石嘴山市人民政府
        2021年4月20日
        """);

    [Theory]
    [InlineData("各部门应当对《石嘴山市城市供水管理办法》（石政发〔2015〕3号）及时修改或者废止。")]
    [InlineData("《石嘴山市城市供水管理办法》（石政发〔2015〕3号）与本办法相抵触的，同时废止。")]
    [InlineData("拟废止《石嘴山市城市供水管理办法》（石政发〔2015〕3号），现予公布。")]
    [InlineData("建议废止《石嘴山市城市供水管理办法》（石政发〔2015〕3号）。")]
    [InlineData("现将《石嘴山市城市供水管理办法》（石政发〔2015〕3号）废止草案公开征求意见。")]
    [InlineData("按照定期清理要求，《石嘴山市城市供水管理办法》（石政发〔2015〕3号）停止执行的建议另行提出。")]
    [InlineData("发现规范性文件违法的，应当依法予以废止，《石嘴山市城市供水管理办法》（石政发〔2015〕3号）除外。")]
    public void when_a_sentence_only_speaks_of_repealing_it_should_end_nothing(string sentence)
    {
        var plan = Gazette("石嘴山市人民政府关于印发石嘴山市燃气管理办法的通知", sentence);
        plan.Documents.Single().Repeals.Should().BeEmpty(sentence);
        plan.Decisions.Should().BeEmpty();
    }

    [Fact]
    public void when_a_sentence_repeals_for_real_it_should_still_be_read()
    {
        var plan = Gazette("石嘴山市人民政府关于印发石嘴山市燃气管理办法的通知",
            "《石嘴山市城市供水管理办法》（石政发〔2015〕3号）同时废止。");
        plan.Documents.Single().Repeals.Select(r => r.Number).Should().Equal("石政发〔2015〕3号");
    }

    [Theory]
    [InlineData("石嘴山市人民政府关于《废止部分行政规范性文件的决定（草案）》公开征求意见的通知")]
    [InlineData("石嘴山市人民政府关于拟废止部分行政规范性文件的决定征求意见的通知")]
    public void when_a_title_announces_a_draft_decision_it_should_not_be_a_cleanup_decision(string title)
    {
        var plan = Gazette(title, "现将决定废止《石嘴山市城市供水管理办法》（石政发〔2015〕3号）的草案公开征求意见。");
        plan.Decisions.Should().BeEmpty();
    }

    [Theory]
    [InlineData("修改或者废止")]
    [InlineData("应当及时废止")]
    [InlineData("与本办法相抵触的，同时废止")]
    [InlineData("拟废止")]
    [InlineData("建议废止")]
    [InlineData("公开征求意见")]
    [InlineData("废止决定（草案）")]
    [InlineData("开展定期清理")]
    public void when_a_phrase_speaks_of_repealing_as_a_power_duty_proposal_or_draft_it_should_be_procedural(string phrase) =>
        ProceduralWording.IsProcedural($"《某某市城市供水管理办法》{phrase}。").Should().BeTrue(phrase);

    [Theory]
    [InlineData("《某某市城市供水管理办法》同时废止。")]
    [InlineData("决定废止《某某市城市供水管理办法》。")]
    [InlineData("《某某市城市供水管理办法》自2021年6月1日起停止执行。")]
    public void when_a_sentence_repeals_it_should_not_be_procedural(string sentence) =>
        ProceduralWording.IsProcedural(sentence).Should().BeFalse(sentence);
}
