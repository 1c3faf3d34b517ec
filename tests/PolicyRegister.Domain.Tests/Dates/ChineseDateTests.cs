using PolicyRegister.Domain.Dates;

namespace PolicyRegister.Domain.Tests.Dates;

public class ChineseDateTests
{
    [Theory]
    [InlineData("2023年12月19日", 2023, 12, 19)]
    [InlineData("2023 年 12 月\n19 日", 2023, 12, 19)]
    [InlineData("２０２３年１２月１９日", 2023, 12, 19)]
    [InlineData("二〇二三年十二月十九日", 2023, 12, 19)]
    [InlineData("二〇一九年一月三十一日", 2019, 1, 31)]
    [InlineData("二〇二〇年十月十日", 2020, 10, 10)]
    [InlineData("2024-02-17", 2024, 2, 17)]
    [InlineData("2024年2月7日", 2024, 2, 7)]
    public void when_parsing_a_written_date_it_should_give_the_calendar_date(string text, int y, int m, int d)
    {
        ChineseDate.Parse(text).Should().Be(new DateOnly(y, m, d));
    }

    [Theory]
    [InlineData("2023年2月30日")]
    [InlineData("2023年13月1日")]
    [InlineData("明年春天")]
    [InlineData("")]
    public void when_the_text_is_not_a_date_it_should_be_rejected_with_a_reason(string text)
    {
        ChineseDate.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void when_a_date_is_split_across_lines_in_a_clause_it_should_still_be_found()
    {
        var found = ChineseDate.FindAll("本办法自2024年2\n月17日起施行，有效期至2027年夏秋航季结束。");
        found.Should().ContainSingle().Which.Date.Should().Be(new DateOnly(2024, 2, 17));
    }

    [Fact]
    public void when_it_is_late_evening_utc_the_register_day_should_already_be_the_next_day_in_beijing()
    {
        RegisterCalendar.Today(new DateTimeOffset(2024, 3, 1, 17, 30, 0, TimeSpan.Zero)).Should().Be(new DateOnly(2024, 3, 2));
        RegisterCalendar.Today(new DateTimeOffset(2024, 3, 1, 15, 59, 0, TimeSpan.Zero)).Should().Be(new DateOnly(2024, 3, 1));
    }
}
