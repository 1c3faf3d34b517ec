using PolicyRegister.Domain.Texts;

namespace PolicyRegister.Domain.Tests.Texts;

public class TextStructureTests
{
    [Fact]
    public void when_a_text_has_chapters_articles_paragraphs_and_items_each_part_should_get_a_stable_id()
    {
        var tree = TextStructure.Parse("""
            某某县城市绿化管理办法
            第一章 总则
            第一条 为加强城市绿化管理，制定本办法。
            第二条 本办法适用于本县城市规划区。
            本办法所称城市绿化，是指下列绿地的建设和管理：
            （一）公园绿地；
            （二）防护绿地；
            （三）附属绿地。
            第二章 管理
            第三条 县住房和城乡建设局主管全县城市绿化工作。
            """);

        tree.Warnings.Should().BeEmpty();
        tree.Find("preamble__para_1")!.Text.Should().Be("某某县城市绿化管理办法");
        var chapter = tree.Find("chp_1")!;
        chapter.Number.Should().Be("第一章");
        chapter.Heading.Should().Be("总则");
        chapter.Children.Select(c => c.Id).Should().Equal("art_1", "art_2");
        tree.Find("art_2__para_1")!.Text.Should().Be("本办法适用于本县城市规划区。");
        tree.Find("art_2__para_2")!.Text.Should().Be("本办法所称城市绿化，是指下列绿地的建设和管理：");
        var item = tree.Find("art_2__para_2__item_2")!;
        (item.Number, item.Text).Should().Be(("（二）", "防护绿地；"));
        tree.Find("chp_2")!.Children.Single().Id.Should().Be("art_3");
    }

    [Fact]
    public void when_a_text_has_no_chapters_and_its_lines_were_broken_by_extraction_they_should_be_joined_as_printed()
    {
        var tree = TextStructure.Parse("""
            第一条 为规范专项资金管理，根据有关规定，结合本县
            实际，制定本办法。

            第二条 专项资金使用原则
            - (一)符合发展规划。
            - (二)补贴额度按下列标准计算：
            1.按照实际人次计算，在航班开通前 15 个工作日

            内拨付；
            (1)1.5 小时以下：100 元/人次；
            (2)1.5 小时以上：140 元/人次。
            """);

        tree.Find("art_1__para_1")!.Text.Should().Be("为规范专项资金管理，根据有关规定，结合本县实际，制定本办法。");
        var article = tree.Find("art_2")!;
        article.Heading.Should().Be("专项资金使用原则");
        tree.Find("art_2__para_1__item_1")!.Number.Should().Be("(一)", "numbering is kept as printed, half-width brackets too");
        var point = tree.Find("art_2__para_1__item_2__point_1")!;
        point.Text.Should().Be("按照实际人次计算，在航班开通前 15 个工作日内拨付；", "a page break inside a sentence is no new part");
        tree.Find("art_2__para_1__item_2__point_1__subpoint_2")!.Text.Should().Be("1.5 小时以上：140 元/人次。");
    }

    [Fact]
    public void when_the_numbering_jumps_or_goes_back_the_text_should_still_parse_with_warnings()
    {
        var tree = TextStructure.Parse("""
            第一条 第一句。
            第二条 第二句。
            第五条 第五句。
            第三条 第三句。
            """);
        tree.All().Where(p => p.Kind == PartKind.Article).Select(p => p.Id).Should().Equal("art_1", "art_2", "art_5", "art_3");
        tree.Warnings.Should().HaveCount(2);
        tree.Warnings[0].Line.Should().Be(3);
        tree.Warnings[1].Message.Should().Contain("倒退");
    }

    [Fact]
    public void when_a_text_has_annexes_their_parts_should_be_apart_from_the_body()
    {
        var tree = TextStructure.Parse("""
            第一条 申报材料见附件。
            附件1
            申报表
            第一条 表内第一项。
            附件2
            承诺书
            """);
        tree.Parts.Select(p => p.Id).Should().Equal("art_1", "annex_1", "annex_2");
        tree.Find("annex_1__art_1")!.Text.Should().BeEmpty("第一条's words are its paragraph");
        tree.Find("annex_1__art_1__para_1")!.Text.Should().Be("表内第一项。");
        tree.Find("annex_2__para_1")!.Text.Should().Be("承诺书");
        tree.Warnings.Should().BeEmpty("an annex numbers its own articles");
    }

    [Theory]
    [InlineData("一", 1)]
    [InlineData("十", 10)]
    [InlineData("十二", 12)]
    [InlineData("二十", 20)]
    [InlineData("二十三", 23)]
    [InlineData("一百零五", 105)]
    [InlineData("两", 2)]
    [InlineData("12", 12)]
    public void when_a_numeral_is_written_in_chinese_it_should_read_as_its_number(string written, int value) =>
        Numerals.Parse(written).Should().Be(value);
}
