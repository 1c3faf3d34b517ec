using System.Text;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Gazettes.Tests;

/// <summary>
/// A gazette in another layout than Zhongwei's, written for these tests: a regional masthead, full-width
/// parentheses in the table of contents, Chinese-numeral dates, joint issuers, |-tables with a header
/// repeated after a page break, a 宣布失效 list, a term in years, and 同时废止.
/// </summary>
public class GeneralLayoutTests
{
    public const string Regional = """
        宁夏回族自治区人民政府公报

        2023年第5期

        （总第620期）

        2023年5月20日出版

        目 录

        【自治区人民政府规章】

        宁夏回族自治区燃气管理办法
        （自治区人民政府令第12号）…………3

        【自治区人民政府规范性文件】

        自治区人民政府关于宣布失效和废止一批行政规范性文件的决定
        （宁政规发〔2023〕3号）…………6

        自治区人民政府办公厅 自治区财政厅关于印发《宁夏回族自治区
        专项资金管理暂行办法》的通知
        （宁政办规发〔2023〕7号）…………9

        【人事任免】

        自治区人民政府关于张三同志任职的通知
        （宁政干发〔2023〕4号）…………12

        # 宁夏回族自治区燃气管理办法

        自治区人民政府令第12号

        《宁夏回族自治区燃气管理办法》已经2023年4月1日自治区人民政府第5次常务会议审议通过，现予公布，自2023年7月1日起施行。

        自治区主席

        二〇二三年四月十日

        第一条 为了加强燃气管理，制定本办法。

        第三十条 本办法自2023年7月1日起施行。2009年5月1日公布的《宁夏回族自治区燃气管理暂行办法》（自治区人民政府令第8号）同时废止。

        自治区人民政府
        关于宣布失效和废止一批行政规范性文件的决定

        宁政规发〔2023〕3号

        各市、县（区）人民政府，自治区政府各部门：

        经清理，决定宣布失效行政规范性文件2件、废止3件。

        本决定自公布之日起施行。

        附件：1.决定宣布失效的自治区人民政府行政规范性文件目录
        2.决定废止的自治区人民政府行政规范性文件目录

        宁夏回族自治区人民政府

        2023年5月8日

        （此件公开发布）

        附件1

        决定宣布失效的自治区人民政府行政规范性文件目录

        | 序号 | 文件名称 | 文号 |
        |---|---|---|
        | 1 | 《自治区人民政府关于加快发展旅游业的意见》 | 宁政发〔2015〕20号 |
        | 2 | 《自治区人民政府关于促进会展业发展的通知》 | 宁政发 [2016] 33 号 |

        附件2

        决定废止的自治区人民政府行政规范性文件目录

        | 序号 | 文件名称 | 文号 |
        |---|---|---|
        | 1 | 《自治区人民政府办公厅关于加强城市供水管理的通知》 | 宁政办发〔2012〕10号 |
        | 2 | 《自治区人民政府关于印发〈宁夏回族自治区物价监督办法〉〈宁夏回族自治区价格调节基金管理办法〉的通知》 | 宁政发〔2014〕5号 |

        | 序号 | 文件名称 | 文号 |
        |---|---|---|
        | 3 | 《自治区人民政府关于进一步做好就业工作的通知》 | 无 |

        自治区人民政府办公厅 自治区财政厅
        关于印发《宁夏回族自治区专项资金管理暂行办法》的通知

        宁政办规发
        〔2023〕7号

        各市、县（区）人民政府，自治区政府各部门：

        现将《宁夏回族自治区专项资金管理暂行办法》印发给你们，请遵照执行。

        宁夏回族自治区人民政府办公厅
        宁夏回族自治区财政厅

        2023年5月
        10日

        （此件公开发布）

        宁夏回族自治区专项资金管理暂行办法

        第二十条 本办法自2023年6月1日起施行，有效期5年。

        自治区人民政府关于张三同志任职的通知

        宁政干发〔2023〕4号

        各市、县（区）人民政府：

        自治区人民政府决定：张三同志任自治区某局副局长，试用期为一年。

        宁夏回族自治区人民政府

        2023年5月12日
        """;

    private static ImportPlan Plan() => GazetteParser.Parse(Regional);

    [Fact]
    public void when_the_masthead_names_a_region_it_should_be_the_jurisdiction()
    {
        Plan().Gazette.Should().Be(new GazetteInfo("宁夏回族自治区人民政府公报", 2023, 5, 620, new DateOnly(2023, 5, 20), "640000", "宁夏回族自治区"));
    }

    [Fact]
    public void when_reading_the_contents_it_should_keep_sections_numbers_and_pages()
    {
        Plan().Toc.Select(e => (e.Section, e.Number, e.Page)).Should().Equal(
            ("自治区人民政府规章", "自治区人民政府令第12号", 3),
            ("自治区人民政府规范性文件", "宁政规发〔2023〕3号", 6),
            ("自治区人民政府规范性文件", "宁政办规发〔2023〕7号", 9),
            ("人事任免", "宁政干发〔2023〕4号", 12));
    }

    [Fact]
    public void when_a_government_rule_is_an_order_it_should_be_a_rule_with_its_date_and_what_it_repeals()
    {
        var rule = Plan().Documents.Single(d => d.Number == "自治区人民政府令第12号");
        rule.Kind.Should().Be(DocumentKind.Rule);
        rule.SignedOn.Should().Be(new DateOnly(2023, 4, 10));
        rule.Effective.Should().Be(new PlannedEffective(new DateOnly(2023, 7, 1), null));
        rule.Repeals.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Number = "自治区人民政府令第8号", Title = "宁夏回族自治区燃气管理暂行办法" });
    }

    [Fact]
    public void when_the_number_and_the_date_are_split_across_lines_joint_issuers_and_a_term_in_years_should_still_be_read()
    {
        var doc = Plan().Documents.Single(d => d.Number == "宁政办规发〔2023〕7号");
        doc.Title.Should().Be("自治区人民政府办公厅自治区财政厅关于印发《宁夏回族自治区专项资金管理暂行办法》的通知");
        doc.Issuers.Should().Equal("宁夏回族自治区人民政府办公厅", "宁夏回族自治区财政厅");
        doc.SignedOn.Should().Be(new DateOnly(2023, 5, 10));
        doc.Trial.Should().BeTrue();
        doc.Normative.Should().BeTrue();
        doc.Effective.Should().Be(new PlannedEffective(new DateOnly(2023, 6, 1), null));
        doc.Expires.Should().Be(new PlannedExpiry(new DateOnly(2028, 5, 31), null));
    }

    [Fact]
    public void when_a_personnel_notice_sets_a_probation_period_it_should_not_be_a_validity_term()
    {
        var doc = Plan().Documents.Single(d => d.Number == "宁政干发〔2023〕4号");
        doc.Expires.Should().BeNull();
        doc.Normative.Should().BeFalse();
    }

    [Fact]
    public void when_a_decision_has_markdown_tables_with_a_repeated_header_every_row_should_be_read_once()
    {
        var plan = Plan();
        var decision = plan.Decisions.Should().ContainSingle().Subject;
        decision.Effective.Should().Be(new PlannedEffective(null, EffectiveRule.OnPublication));
        decision.Items.Select(i => (i.Action, i.Seq, i.Number)).Should().Equal(
            (DecisionAction.DeclareInvalid, 1, "宁政发〔2015〕20号"),
            (DecisionAction.DeclareInvalid, 2, "宁政发〔2016〕33号"),
            (DecisionAction.Repeal, 1, "宁政办发〔2012〕10号"),
            (DecisionAction.Repeal, 2, "宁政发〔2014〕5号"),
            (DecisionAction.Repeal, 3, null));
        decision.Items[3].Title.Should().Contain("〈宁夏回族自治区物价监督办法〉〈宁夏回族自治区价格调节基金管理办法〉");
        plan.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void when_a_list_is_cut_in_the_middle_it_should_warn_with_the_counts()
    {
        var cut = Regional[..Regional.IndexOf("| 2 | 《自治区人民政府关于印发〈宁夏", StringComparison.Ordinal)];
        var plan = GazetteParser.Parse(cut);
        plan.Decisions.Single().Items.Should().HaveCount(3);
        plan.Warnings.Should().Contain(w => w.Message.Contains("废止3件") && w.Message.Contains("找到1件"));
    }

    [Fact]
    public void when_the_file_is_gbk_encoded_it_should_be_decoded_and_say_so()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var plan = GazetteParser.Parse(Encoding.GetEncoding("GBK").GetBytes(Regional));
        plan.Documents.Should().HaveCount(4);
        plan.Warnings.Should().Contain(w => w.Message.Contains("gb18030"));
    }

    [Theory]
    [InlineData(new byte[0], "为空")]
    [InlineData(new byte[] { 0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00 }, "binary")]
    public void when_the_file_is_empty_or_binary_it_should_be_a_clear_error(byte[] bytes, string message)
    {
        var act = () => GazetteParser.Parse(bytes);
        act.Should().Throw<GazetteFormatException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void when_the_text_is_not_a_gazette_it_should_be_refused_with_a_clear_message()
    {
        var parse = () => GazetteParser.Parse("这是一段普通的文字，没有公报的结构。\n第二行。");
        parse.Should().Throw<GazetteFormatException>().Which.Message.Should().Contain("不是公报");
    }

    [Fact]
    public void when_a_masthead_has_no_numbered_document_the_plan_should_block_its_commit()
    {
        var plan = GazetteParser.Parse("某某市人民政府公报\n2024年第1期\n2024年3月1日出版\n本期没有文件。");
        plan.Documents.Should().BeEmpty();
        plan.Blocking.Select(w => w.Message).Should().Contain(m => m.Contains("no numbered document"));
    }

    [Fact]
    public void when_fed_mutated_gazettes_it_should_never_throw_anything_but_a_format_error()
    {
        var random = new Random(20241122);
        var source = Encoding.UTF8.GetBytes(Regional);
        for (var i = 0; i < 300; i++)
        {
            var bytes = (byte[])source.Clone();
            var cut = random.Next(bytes.Length);
            for (var k = 0; k < 20; k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var input = random.Next(3) == 0 ? bytes[..cut] : bytes;
            try { GazetteParser.Parse(input); }
            catch (GazetteFormatException) { }
        }
    }
}
