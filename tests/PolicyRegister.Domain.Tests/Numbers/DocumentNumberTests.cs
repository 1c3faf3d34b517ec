using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Domain.Tests.Numbers;

public class DocumentNumberTests
{
    [Theory]
    [InlineData("卫政办规发〔2019〕1号", "卫政办规发〔2019〕1号")]
    [InlineData("卫政规发[2023]2号", "卫政规发〔2023〕2号")]
    [InlineData("(卫政规发[2022]1号)", "卫政规发〔2022〕1号")]
    [InlineData("（卫政规发［2022］1号）", "卫政规发〔2022〕1号")]
    [InlineData("卫政办发〔2019〕1 号", "卫政办发〔2019〕1号")]
    [InlineData("卫政办发\n〔2019〕1号", "卫政办发〔2019〕1号")]
    [InlineData("卫政发 ( 2005 ) 96 号", "卫政发〔2005〕96号")]
    [InlineData("卫政发【2005】96号", "卫政发〔2005〕96号")]
    [InlineData("卫政发（2005）96号", "卫政发〔2005〕96号")]
    [InlineData("卫政发﹝2005﹞96号", "卫政发〔2005〕96号")]
    [InlineData("卫政发〔２００５〕９６号", "卫政发〔2005〕96号")]
    [InlineData("卫政千发[2024]1号", "卫政干发〔2024〕1号")]
    [InlineData("宁卫新出管字〔2019〕第0053号", "宁卫新出管字〔2019〕第0053号")]
    [InlineData("卫党干字〔2024〕11、15号", "卫党干字〔2024〕11、15号")]
    [InlineData("卫党干字〔2024〕11,15号", "卫党干字〔2024〕11、15号")]
    [InlineData("国务院令第417号", "国务院令第417号")]
    [InlineData("自治区人民政府令 第 12 号", "自治区人民政府令第12号")]
    [InlineData("卫政发〔2010〕226号。", "卫政发〔2010〕226号")]
    public void when_parsing_a_written_form_it_should_give_the_canonical_number(string written, string canonical)
    {
        DocumentNumber.Parse(written).Canonical.Should().Be(canonical);
    }

    [Fact]
    public void when_a_number_is_written_with_di_and_leading_zeros_its_key_should_match_the_plain_form()
    {
        var withDi = DocumentNumber.Parse("宁卫新出管字〔2019〕第0053号");
        var plain = DocumentNumber.Parse("宁卫新出管字[2019]53号");
        withDi.Key.Should().Be(plain.Key);
        withDi.Should().Be(plain);
        withDi.Canonical.Should().NotBe(plain.Canonical);
    }

    [Fact]
    public void when_parsing_a_multi_serial_number_it_should_keep_every_serial()
    {
        var n = DocumentNumber.Parse("卫党干字〔2024〕11、15号");
        n.Serials.Should().Equal("11", "15");
        n.IssuerCode.Should().Be("卫党干字");
        n.Year.Should().Be(2024);
    }

    [Fact]
    public void when_parsing_an_order_number_it_should_have_no_year()
    {
        var n = DocumentNumber.Parse("国务院令第417号");
        n.IsOrder.Should().BeTrue();
        n.Year.Should().BeNull();
        n.IssuerCode.Should().Be("国务院令");
    }

    [Theory]
    [InlineData("", "为空")]
    [InlineData("   ", "为空")]
    [InlineData("关于印发某办法的通知", "号")]
    [InlineData("卫政发〔2019〕", "号")]
    [InlineData("〔2019〕1号", "代字")]
    [InlineData("卫政发2019年1号", "年份")]
    [InlineData("卫政发〔1800〕1号", "1949")]
    [InlineData("卫政发〔20x9〕1号", "无法识别")]
    public void when_the_text_is_not_a_number_it_should_say_why(string text, string reasonPart)
    {
        DocumentNumber.TryParse(text, out var n, out var error).Should().BeFalse();
        n.Should().BeNull();
        error.Should().Contain(reasonPart);
    }

    [Fact]
    public void when_a_heading_contains_numbers_it_should_find_them_all()
    {
        var found = DocumentNumber.FindAll("关于废止（卫政发〔2005〕96号）和卫政办发[2010]\n226号的决定");
        found.Select(f => f.Number.Canonical).Should().Equal("卫政发〔2005〕96号", "卫政办发〔2010〕226号");
    }
}
