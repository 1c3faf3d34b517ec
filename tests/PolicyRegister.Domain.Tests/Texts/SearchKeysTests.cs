using PolicyRegister.Domain.Texts;

namespace PolicyRegister.Domain.Tests.Texts;

public class SearchKeysTests
{
    [Fact]
    public void when_a_text_holds_a_word_its_keys_should_hold_every_key_of_the_word()
    {
        var text = "第三条　航班保证金用于航线培育，\nPM2.5监测经费另行安排。";
        foreach (var word in new[] { "航班保证金", "保证", "航线培育", "pm2.5", "PM2.5监测" })
            SearchKeys.Of(text).Should().Contain(SearchKeys.OfWord(word), word);
        SearchKeys.OfWord("保险金").Except(SearchKeys.Of(text)).Should().NotBeEmpty("险金 is not in the text");
    }

    [Fact]
    public void when_keys_are_taken_they_should_be_sorted_distinct_and_skip_pairs_with_whitespace()
    {
        var keys = SearchKeys.Of("资金资金 资\n金");
        keys.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        keys.Should().HaveCount(4, "资, 金, 资金 and 金资; no pair across a space or a line break");
        SearchKeys.OfWord("税").Should().ContainSingle("a character is a key of its own");
        SearchKeys.Of("税收").Should().Contain(SearchKeys.OfWord("税")).And.Contain(SearchKeys.OfWord("收"));
        SearchKeys.Decides("税").Should().BeTrue();
        SearchKeys.Decides("资金").Should().BeTrue();
        SearchKeys.Decides("航班保证金").Should().BeFalse("a longer word's bigrams may stand apart in a text: the text confirms it");
    }

    [Fact]
    public void when_a_candidate_is_confirmed_case_should_not_matter()
    {
        SearchKeys.Holds("PM2.5监测", "pm2.5").Should().BeTrue();
        SearchKeys.Holds("航班保证金", "航班 保证金").Should().BeFalse();
    }
}
