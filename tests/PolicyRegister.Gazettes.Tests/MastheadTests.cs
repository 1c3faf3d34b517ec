namespace PolicyRegister.Gazettes.Tests;

/// <summary>
/// Mastheads in the layouts gazettes use, each resolved against the administrative divisions; one that cannot be
/// resolved blocks the commit until a person chooses, and is never guessed.
/// </summary>
public class MastheadTests
{
    private static ImportPlan WithMasthead(string masthead) => GazetteParser.Parse(masthead + """


        2023年第5期

        2023年5月20日出版

        某某机关关于某事的通知
        测政发〔2023〕1号

        正文。

        某某机关

        2023年5月1日
        """);

    [Fact]
    public void when_a_regions_name_and_its_gazette_tail_stand_on_two_lines_the_region_should_be_the_jurisdiction()
    {
        var plan = WithMasthead("宁夏回族自治区\n人民政府公报");
        plan.Gazette.Name.Should().Be("宁夏回族自治区人民政府公报");
        plan.Gazette.Jurisdiction.Should().Be("640000");
        plan.Gazette.JurisdictionWritten.Should().Be("宁夏回族自治区");
        plan.Documents.Should().OnlyContain(d => d.Jurisdiction == "640000");
        plan.Blocking.Should().BeEmpty();
    }

    [Fact]
    public void when_a_citys_government_stands_over_a_letter_spaced_gazette_word_the_city_should_be_the_jurisdiction()
    {
        var plan = WithMasthead("石嘴山市人民政府\n公  报");
        plan.Gazette.Name.Should().Be("石嘴山市人民政府公报");
        plan.Gazette.Jurisdiction.Should().Be("640200");
    }

    [Theory]
    [InlineData("中卫市人民政府公报", "640500")]
    [InlineData("宁 夏 回 族 自 治 区 人 民 政 府 公 报", "640000")]
    [InlineData("银川市人民政府办公室公报", "640100")]
    [InlineData("北京市朝阳区人民政府公报", "110105")]
    public void when_the_masthead_is_on_one_line_it_should_resolve(string masthead, string code) =>
        WithMasthead(masthead).Gazette.Jurisdiction.Should().Be(code);

    [Theory]
    [InlineData("人民政府公报")]
    [InlineData("朝阳区人民政府公报")]
    [InlineData("中为市人民政府公报")]
    public void when_the_masthead_names_no_single_division_the_plan_should_block_its_commit_with_the_line(string masthead)
    {
        var plan = WithMasthead(masthead);
        plan.Gazette.Jurisdiction.Should().BeNull();
        plan.Blocking.Should().ContainSingle(b => b.Code == ImportPlan.JurisdictionBlock);
        plan.Documents.Should().NotContain(d => d.Jurisdiction == "人民");
    }

    [Fact]
    public void when_a_person_chooses_the_division_the_block_should_be_lifted_and_every_document_filed_under_it()
    {
        var settled = WithMasthead("朝阳区人民政府公报").WithJurisdiction("220104");
        settled.Blocking.Should().BeEmpty();
        settled.Gazette.Jurisdiction.Should().Be("220104");
        settled.Gazette.JurisdictionWritten.Should().Be("朝阳区");
        settled.Documents.Should().OnlyContain(d => d.Jurisdiction == "220104");
    }

    [Fact]
    public void when_an_unknown_masthead_is_reported_the_message_should_name_the_closest_divisions() =>
        WithMasthead("中为市人民政府公报").Blocking.Single().Message.Should().Contain("中卫市（640500）");
}
