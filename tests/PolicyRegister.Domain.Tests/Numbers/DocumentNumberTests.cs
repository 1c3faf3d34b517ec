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

/// <summary>A fast subset of the benchmark's fuzzing (benchmarks: 100,000 cases): mutated numbers and dates never throw.</summary>
public class ParserFuzzTests
{
    [Fact]
    public void when_fed_five_thousand_mutated_numbers_and_dates_the_parsers_should_never_throw()
    {
        var random = new Random(42);
        string[] seeds = ["卫政办规发〔2019〕1号", "宁卫新出管字〔2019〕第0053号", "卫党干字〔2024〕11、15号", "国务院令第417号", "2023年12月19日", "二〇二三年十二月十九日"];
        const string alphabet = "〔〕[]()（）【】0123456789０１年月日号第令字、政发 \n\u3000\u200b𠀀\uFFFD\ud800\udc00";
        for (var i = 0; i < 5000; i++)
        {
            var chars = seeds[random.Next(seeds.Length)].ToList();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                var at = random.Next(chars.Count + 1);
                if (random.Next(2) == 0 && at < chars.Count) chars.RemoveAt(at);
                else chars.Insert(at, alphabet[random.Next(alphabet.Length)]);
            }
            var text = new string([.. chars]);
            var act = () =>
            {
                DocumentNumber.TryParse(text, out _, out _);
                PolicyRegister.Domain.Dates.ChineseDate.TryParse(text, out _, out _);
                DocumentNumber.FindAll(text);
                PolicyRegister.Domain.Dates.ChineseDate.FindAll(text);
                PolicyRegister.Domain.Decisions.TitleMatching.Similarity(text, "卫政办规发〔2019〕1号");
            };
            act.Should().NotThrow($"input '{text}'");
        }
    }

    [Fact]
    public void when_a_number_holds_a_lone_surrogate_it_should_be_refused_not_thrown()
    {
        DocumentNumber.TryParse("卫政发〔2019〕\ud8001号", out _, out var error).Should().BeFalse();
        error.Should().NotBeNullOrEmpty();
    }
}
