using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Gazettes.Tests;

/// <summary>Expectations written by hand from reading the three Zhongwei gazettes.</summary>
public class ZhongweiGazetteTests
{
    private static PlannedDocument Doc(ImportPlan plan, string number) => plan.Documents.Single(d => d.Number == number);

    [GazetteFact]
    public void when_planning_the_2024_gazette_it_should_read_the_masthead()
    {
        GazetteFiles.Plan("zhongwei-2024-01.txt").Gazette.Should().Be(
            new GazetteInfo("中卫市人民政府公报", 2024, 1, 22, new DateOnly(2024, 7, 3), "640500", "中卫市"));
    }

    [GazetteFact]
    public void when_planning_the_2024_gazette_it_should_find_both_normative_documents_with_their_clauses()
    {
        var plan = GazetteFiles.Plan("zhongwei-2024-01.txt");
        plan.Toc.Where(e => e.Section == "中卫市人民政府规范性文件").Select(e => e.Number).Should().Equal("卫政规发〔2023〕2号", "卫政规发〔2024〕1号");
        plan.Toc.Select(e => e.Section).Distinct().Should().Equal("中卫市人民政府规范性文件", "中卫市人民政府文件", "中卫市人民政府办公室文件", "人事任免");
        plan.Toc.Should().HaveCount(14);

        var decision = Doc(plan, "卫政规发〔2023〕2号");
        decision.Title.Should().Be("中卫市人民政府关于保留、废止和修改市人民政府行政规范性文件的决定");
        decision.SignedOn.Should().Be(new DateOnly(2023, 12, 19));
        decision.Issuers.Should().Equal("中卫市人民政府");
        decision.Effective.Should().Be(new PlannedEffective(null, EffectiveRule.OnPublication));
        decision.Expires.Should().BeNull();
        decision.Normative.Should().BeTrue();
        decision.Public.Should().BeTrue();
        decision.Page.Should().Be(3);

        var flights = Doc(plan, "卫政规发〔2024〕1号");
        flights.Title.Should().Be("中卫市人民政府关于印发《中卫市航空运输发展专项资金管理办法》的通知");
        flights.SignedOn.Should().Be(new DateOnly(2024, 1, 16));
        flights.Effective.Should().Be(new PlannedEffective(new DateOnly(2024, 2, 17), null));
        flights.Expires.Should().Be(new PlannedExpiry(null, "2027年夏秋航季结束"));
        flights.Evidence.Should().Contain(e => e.Fact == "expires" && e.Line == 357 && e.Text.Contains("有效期至2027年夏秋航季结束"));
        flights.Trial.Should().BeFalse();
    }

    [GazetteFact]
    public void when_planning_the_2024_gazette_the_ocr_slip_in_the_personnel_numbers_should_be_corrected()
    {
        var plan = GazetteFiles.Plan("zhongwei-2024-01.txt");
        plan.Documents.Where(d => d.Number.StartsWith("卫政干发")).Select(d => d.Number)
            .Should().Equal("卫政干发〔2024〕1号", "卫政干发〔2024〕2号", "卫政干发〔2024〕3号", "卫政干发〔2024〕4号");
        plan.Documents.Where(d => d.Number.StartsWith("卫政干发")).Should().OnlyContain(d => !d.Normative && d.Expires == null);
    }

    [GazetteFact]
    public void when_planning_the_2024_decision_it_should_list_34_retained_16_repealed_and_4_amended_in_order()
    {
        var decision = GazetteFiles.Plan("zhongwei-2024-01.txt").Decisions.Should().ContainSingle().Subject;
        decision.Number.Should().Be("卫政规发〔2023〕2号");
        decision.Announced.Should().BeEquivalentTo(new Dictionary<string, int> { ["retain"] = 34, ["repeal"] = 16, ["amend"] = 4 });

        var retained = decision.Items.Where(i => i.Action == DecisionAction.Retain).ToList();
        retained.Select(i => i.Seq).Should().Equal(Enumerable.Range(1, 34));
        retained.Select(i => i.Number).Should().Equal(
            "卫政发〔2009〕49号", "卫政办发〔2011〕42号", "卫政办发〔2011〕105号", "卫政办发〔2014〕37号", "卫政办发〔2014〕76号",
            "卫政办发〔2016〕72号", "卫政办发〔2016〕151号", "卫政办发〔2016〕153号", "卫政办发〔2017〕127号", "卫政办发〔2017〕144号",
            "卫政规发〔2019〕2号", "卫政办发〔2019〕18号", "卫政办发〔2019〕25号", "卫政规发〔2020〕2号", "卫政规发〔2020〕3号",
            "卫政规发〔2020〕4号", "卫政规发〔2021〕2号", "卫政规发〔2021〕3号", "卫政规发〔2021〕4号", "卫政规发〔2021〕5号",
            "卫政办规发〔2021〕2号", "卫政办规发〔2021〕5号", "卫政办规发〔2021〕7号", "卫政办规发〔2021〕8号", "卫政办规发〔2021〕9号",
            "卫政规发〔2022〕1号", "卫政规发〔2022〕2号", "卫政规发〔2022〕3号", "卫政办规发〔2022〕1号", "卫政办规发〔2022〕2号",
            "卫政办规发〔2022〕3号", "卫政办规发〔2022〕5号", "卫政办规发〔2022〕6号", "卫政办规发〔2022〕7号");
        retained[8].Title.Should().Be("《中卫市困难残疾人生活补贴实施办法(修订)》《中卫市重度残疾人护理补贴实施办法(修订)》");
        retained[0].Title.Should().Be("《市人民政府关于在全市行政事业单位内部聘用职工中建立住房公积金制度的通知》");

        decision.Items.Where(i => i.Action == DecisionAction.Repeal).Select(i => i.Number).Should().Equal(
            "卫政办发〔2010〕226号", "卫政办发〔2011〕263号", "卫政办发〔2012〕48号", "卫政办发〔2013〕59号", "卫政办发〔2014〕93号",
            "卫政发〔2014〕107号", "卫政办发〔2016〕43号", "卫政办发〔2016〕135号", "卫政发〔2017〕46号", "卫政办发〔2017〕51号",
            "卫政办发〔2017〕146号", "卫政发〔2018〕27号", "卫政办发〔2018〕44号", "卫政规发〔2020〕1号", "卫政办规发〔2021〕3号",
            "卫政办规发〔2021〕4号");
        decision.Items.Where(i => i.Action == DecisionAction.Amend).Select(i => (i.Seq, i.Number)).Should().Equal(
            (1, "卫政办规发〔2018〕15号"), (2, "卫政办规发〔2018〕16号"), (3, "卫政办规发〔2019〕1号"), (4, "卫政办规发〔2021〕11号"));
        decision.Items.Select(i => i.Action).Distinct().Should().Equal(DecisionAction.Retain, DecisionAction.Repeal, DecisionAction.Amend);
        decision.Items.Should().HaveCount(54);
    }

    [GazetteFact]
    public void when_planning_the_2022_gazette_it_should_find_the_repeal_decision_and_its_four_rows()
    {
        var plan = GazetteFiles.Plan("zhongwei-2022-02.txt");
        plan.Gazette.Should().Be(new GazetteInfo("中卫市人民政府公报", 2022, 2, 16, new DateOnly(2022, 8, 21), "640500", "中卫市"));
        plan.Toc.Where(e => e.Section == "中卫市政府规范性文件").Select(e => e.Number).Should().Equal("卫政规发〔2022〕1号");

        var doc = Doc(plan, "卫政规发〔2022〕1号");
        doc.Title.Should().Be("中卫市人民政府关于废止市人民政府行政规范性文件的决定");
        doc.SignedOn.Should().Be(new DateOnly(2022, 3, 29));
        doc.Normative.Should().BeTrue();
        doc.Effective.Should().BeNull("the decision states no 施行 clause");

        var decision = plan.Decisions.Should().ContainSingle().Subject;
        decision.Items.Select(i => (i.Action, i.Seq, i.Number)).Should().Equal(
            (DecisionAction.Repeal, 1, "卫政发〔2005〕96号"), (DecisionAction.Repeal, 2, "卫政发〔2012〕253号"),
            (DecisionAction.Repeal, 3, "卫政办发〔2014〕87号"), (DecisionAction.Repeal, 4, "卫政办发〔2017〕103号"));
        decision.Items[3].Title.Should().Be("《中卫市烟草制品零售点合理布局规定》");
        plan.Warnings.Should().BeEmpty();
    }

    [GazetteFact]
    public void when_planning_the_2019_gazette_it_should_find_the_normative_document_and_the_term_of_another()
    {
        var plan = GazetteFiles.Plan("zhongwei-2019-03.txt");
        plan.Gazette.Should().Be(new GazetteInfo("中卫市人民政府公报", 2019, 3, 5, new DateOnly(2019, 7, 31), "640500", "中卫市"));
        plan.Toc.Where(e => e.Section == "中卫市人民政府规范性文件").Select(e => e.Number).Should().Equal("卫政办规发〔2019〕1号");

        var normative = Doc(plan, "卫政办规发〔2019〕1号");
        normative.Title.Should().Be("中卫市人民政府办公室关于印发中卫市改革完善医疗卫生行业综合监管制度实施方案的通知");
        normative.SignedOn.Should().Be(new DateOnly(2019, 3, 29));
        normative.Issuers.Should().Equal("中卫市人民政府办公室");
        normative.Normative.Should().BeTrue();
        normative.Page.Should().Be(59);

        // "有效期限至 2020 年 12 月 31 日" in a document whose TOC number is written "〔2019〕1 号".
        Doc(plan, "卫政办发〔2019〕1号").Expires.Should().Be(new PlannedExpiry(new DateOnly(2020, 12, 31), null));
        Doc(plan, "卫政办发〔2019〕36号").Effective.Should().Be(new PlannedEffective(null, EffectiveRule.OnSigning));
        plan.Documents.Should().HaveCount(12);
        plan.Documents.Should().OnlyContain(d => d.SignedOn != null && d.Issuers.Count > 0);
    }

    [GazetteFact]
    public void when_planning_any_shared_gazette_every_toc_entry_should_be_found_in_the_body()
    {
        foreach (var file in Directory.GetFiles(GazetteFiles.Folder!, "*.txt"))
        {
            var plan = GazetteParser.Parse(File.ReadAllBytes(file));
            plan.Toc.Select(e => e.Number).Should().BeEquivalentTo(plan.Documents.Select(d => d.Number), file);
            plan.Documents.Should().OnlyContain(d => d.Title.Length > 8 && !d.Title.Contains(' '), file);
        }
    }
}
