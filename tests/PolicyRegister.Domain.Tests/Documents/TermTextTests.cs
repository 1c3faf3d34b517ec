using FluentAssertions;
using PolicyRegister.Domain.Documents;
using Xunit;

namespace PolicyRegister.Domain.Tests.Documents;

public class TermTextTests
{
    [Theory]
    [InlineData("2027年夏秋航季结束", "2027-10-30")] // last Sunday of October 2027 is the 31st
    [InlineData("2024年夏秋航季结束", "2024-10-26")] // last Sunday of October 2024 is the 27th
    [InlineData("2027年冬春航季结束", "2028-03-25")] // the 2027/28 winter season ends before the last Sunday of March 2028 (the 26th)
    [InlineData("2025年12月31日", "2025-12-31")]
    [InlineData("2026年底", "2026-12-31")]
    public void when_a_term_text_follows_a_known_rule_its_last_day_should_be_proposed(string text, string proposal)
    {
        var meaning = TermText.Read(text);
        meaning.Proposal.Should().Be(DateOnly.Parse(proposal));
        meaning.Earliest.Should().Be(DateOnly.Parse(proposal));
    }

    [Theory]
    [InlineData("2027年", "2027-01-01")]
    [InlineData("2027年6月", "2027-06-01")]
    public void when_a_term_text_only_names_a_period_its_earliest_meaning_should_be_known_but_nothing_proposed(string text, string earliest)
    {
        var meaning = TermText.Read(text);
        meaning.Earliest.Should().Be(DateOnly.Parse(earliest));
        meaning.Proposal.Should().BeNull();
    }

    [Theory]
    [InlineData("新办法施行之日")]
    [InlineData("")]
    public void when_a_term_text_names_no_year_it_should_mean_nothing_yet(string text) =>
        TermText.Read(text).Should().Be(new TermMeaning(null, null, null));
}
