using FluentAssertions;
using PolicyRegister.Domain.Numbers;
using Xunit;

namespace PolicyRegister.Domain.Tests.Numbers;

public class NumberSeriesTests
{
    [Fact]
    public void when_a_series_skips_serials_below_its_highest_they_should_be_listed_as_missing()
    {
        var numbers = new[] { "卫政办规发〔2021〕1号", "卫政办规发〔2021〕2号", "卫政办规发〔2021〕5号", "卫党干字〔2021〕3、6号", "卫政办规发〔2022〕1号", "国务院令第417号" }
            .Select(DocumentNumber.Parse);
        var gaps = NumberSeries.Gaps(numbers);
        gaps.Single(g => g.IssuerCode == "卫政办规发" && g.Year == 2021).Should().BeEquivalentTo(new { Count = 3, Highest = 5, Missing = new[] { 3, 4 } });
        gaps.Single(g => g.IssuerCode == "卫党干字").Missing.Should().Equal(1, 2, 4, 5);
        gaps.Single(g => g.IssuerCode == "卫政办规发" && g.Year == 2022).Missing.Should().BeEmpty();
        gaps.Should().NotContain(g => g.IssuerCode.Contains('令'));
    }
}
