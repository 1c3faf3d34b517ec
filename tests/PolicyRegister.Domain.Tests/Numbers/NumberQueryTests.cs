using FluentAssertions;
using PolicyRegister.Domain.Numbers;
using Xunit;

namespace PolicyRegister.Domain.Tests.Numbers;

public class NumberQueryTests
{
    [Theory]
    [InlineData("卫政规发〔2024〕1号")]
    [InlineData("卫政规发2024年1号")]
    [InlineData("卫政规发 2024 1号")]
    [InlineData("卫政规发〔2024〕1")]
    [InlineData("卫政规发[2024]1")]
    [InlineData("卫政规发（2024）第1号")]
    public void when_a_person_types_a_number_without_its_brackets_or_its_号_it_should_name_the_number(string typed) =>
        NumberQuery.Read(typed)!.Exact!.Key.Should().Be(DocumentNumber.Parse("卫政规发〔2024〕1号").Key);

    [Theory]
    [InlineData("卫政规发〔2024〕")]
    [InlineData("卫政规发2024")]
    [InlineData("卫政规发 2024年")]
    public void when_a_person_types_only_a_series_it_should_list_the_series(string typed)
    {
        var query = NumberQuery.Read(typed)!;
        query.Exact.Should().BeNull();
        query.KeyPrefix.Should().Be("卫政规发〔2024〕");
    }

    [Theory]
    [InlineData("航空运输")]
    [InlineData("2024")]
    [InlineData("关于印发2024年工作要点的通知")]
    public void when_a_person_types_words_they_should_stay_words(string typed) =>
        NumberQuery.Read(typed).Should().BeNull();
}
