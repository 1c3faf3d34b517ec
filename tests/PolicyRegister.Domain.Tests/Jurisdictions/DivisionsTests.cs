using FluentAssertions;
using PolicyRegister.Domain.Jurisdictions;
using Xunit;

namespace PolicyRegister.Domain.Tests.Jurisdictions;

public class DivisionsTests
{
    [Theory]
    [InlineData("640500", "640500")]
    [InlineData("6405", "640500")]
    [InlineData("64", "640000")]
    [InlineData("中卫市", "640500")]
    [InlineData("中卫", "640500")]
    [InlineData("宁夏回族自治区", "640000")]
    [InlineData("宁夏", "640000")]
    [InlineData("宁夏回族自治区中卫市", "640500")]
    [InlineData("宁夏中卫市", "640500")]
    [InlineData("中卫市人民政府", "640500")]
    [InlineData("宁夏回族自治区人民政府办公厅", "640000")]
    [InlineData(" 中 卫 市 ", "640500")]
    [InlineData("中宁县", "640521")]
    [InlineData("北京市朝阳区", "110105")]
    [InlineData("广西", "450000")]
    [InlineData("内蒙古", "150000")]
    public void when_a_jurisdiction_is_written_any_usual_way_it_should_resolve_to_its_division(string written, string code) =>
        Divisions.Resolve(written).Division!.Code.Should().Be(code);

    [Fact]
    public void when_a_name_belongs_to_several_divisions_it_should_be_ambiguous_and_list_them()
    {
        var r = Divisions.Resolve("朝阳区");
        r.Division.Should().BeNull();
        r.Problem.Should().Be(JurisdictionProblem.Ambiguous);
        r.Candidates.Select(c => c.Code).Should().Contain(["110105", "220104"]);
        r.Message.Should().Contain("北京市朝阳区（110105）");
    }

    [Fact]
    public void when_an_ambiguous_name_has_a_context_the_division_inside_it_should_be_chosen() =>
        Divisions.Resolve("朝阳区", context: "220100").Division!.Code.Should().Be("220104");

    [Theory]
    [InlineData("自治区", "640521", "640000")]
    [InlineData("市", "640521", "640500")]
    [InlineData("本市", "640500", "640500")]
    [InlineData("县", "640521", "640521")]
    [InlineData("市", "110105", "110000")]
    public void when_a_word_only_means_something_in_context_it_should_resolve_against_the_context(string word, string context, string code) =>
        Divisions.Resolve(word, context).Division!.Code.Should().Be(code);

    [Fact]
    public void when_a_context_word_has_no_context_it_should_not_be_guessed()
    {
        var r = Divisions.Resolve("人民");
        r.Division.Should().BeNull();
        Divisions.Resolve("市").Problem.Should().Be(JurisdictionProblem.NeedsContext);
    }

    [Fact]
    public void when_a_name_is_mistyped_it_should_be_unknown_and_name_the_closest_divisions()
    {
        var r = Divisions.Resolve("中为市");
        r.Problem.Should().Be(JurisdictionProblem.Unknown);
        r.Candidates.Select(c => c.Name).Should().Contain("中卫市");
        Divisions.Resolve("999999").Problem.Should().Be(JurisdictionProblem.Unknown);
        Divisions.Resolve("").Problem.Should().Be(JurisdictionProblem.Missing);
    }

    [Fact]
    public void when_a_stored_jurisdiction_is_read_a_name_should_become_its_code_and_an_unknown_one_stay_as_written()
    {
        Divisions.Canonical("中卫市").Should().Be("640500");
        Divisions.Canonical("640500").Should().Be("640500");
        Divisions.Canonical("测试市").Should().Be("测试市");
        Divisions.NameOf("640500").Should().Be("中卫市");
        Divisions.NameOf("测试市").Should().Be("测试市");
    }

    [Fact]
    public void when_the_table_is_read_every_code_should_be_unique_and_every_parent_known()
    {
        Divisions.All.Should().HaveCountGreaterThan(3000);
        Divisions.All.Select(d => d.Code).Should().OnlyHaveUniqueItems();
        Divisions.All.Where(d => d.ParentCode is not null).Should().OnlyContain(d => Divisions.ByCode(d.ParentCode!) != null);
        Divisions.All.Count(d => d.Level == DivisionLevel.Province).Should().Be(31);
        Divisions.FullName(Divisions.ByCode("640521")!).Should().Be("宁夏回族自治区中卫市中宁县");
        Divisions.SelfAndAncestors("640521").Select(d => d.Code).Should().Equal("640521", "640500", "640000");
        Divisions.Children("640500").Select(d => d.Name).Should().Contain(["沙坡头区", "中宁县", "海原县"]);
    }
}
