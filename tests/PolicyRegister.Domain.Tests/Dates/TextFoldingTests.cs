using System.Text;
using PolicyRegister.Domain.Dates;

namespace PolicyRegister.Domain.Tests.Dates;

public class TextFoldingTests
{
    private static IEnumerable<char> FoldedChars() =>
        Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(c => TextFolding.Folded.Contains(c));

    [Fact]
    public void when_a_character_is_taken_as_already_folded_it_should_be_its_own_nfkc_form_by_icu()
    {
        var chars = FoldedChars().ToList();
        chars.Should().HaveCountGreaterThan(20_000, "ASCII and the CJK ideographs are in the set");
        chars.Where(c => !c.ToString().IsNormalized(NormalizationForm.FormKC)).Should().BeEmpty();
        // Side by side too: no two of them compose (checked for ASCII with every folded character, and all in a row).
        var all = new string([.. chars]);
        all.Normalize(NormalizationForm.FormKC).Should().Be(all);
        foreach (var a in chars.Where(c => c < 0x80))
        {
            var pairs = new string([.. chars.SelectMany(b => new[] { a, b })]);
            pairs.Normalize(NormalizationForm.FormKC).Should().Be(pairs);
        }
    }

    [Theory]
    [InlineData("卫政规发〔2023〕2号")]
    [InlineData("中卫市人民政府关于印发《中卫市资金管理办法》的通知")]
    [InlineData("宁政办规发（２０２３）１２号")]
    [InlineData("关于　印发Ⅱ号文件ﬁ")]
    [InlineData("e\u0301 and \uD800 alone")]
    [InlineData("")]
    public void when_folding_it_should_give_what_icu_gives(string text)
    {
        var expected = text.Contains('\uD800') ? text.Replace('\uD800', '\uFFFD') : text;
        TextFolding.Nfkc(text).Should().Be(expected.Normalize(NormalizationForm.FormKC));
    }
}
