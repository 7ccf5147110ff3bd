namespace Brokerage.Core.Tests.Common;

/// <summary>A deadline reads both ways on the home page: how long is left, or how long it is overdue.</summary>
public sealed class DueTextTests
{
    private static readonly DateTime Now = new(2026, 12, 4, 14, 47, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(110, "due in 1 hr 50 min")]
    [InlineData(-45, "overdue by 45 min")]
    [InlineData(60, "due in 1 hr")]
    [InlineData(-62, "overdue by 1 hr 2 min")]
    [InlineData(0, "due in less than a minute")]
    [InlineData(3 * 24 * 60 + 125, "due in 3 days 2 hr")]
    [InlineData(-(24 * 60 + 61), "overdue by 1 day 1 hr")]
    public void Due_ReadsHowLongIsLeftOrHowLongItIsOverdue(int minutesFromNow, string expected) =>
        Assert.Equal(expected, UkTime.Due(Now.AddMinutes(minutesFromNow), Now));

    [Fact]
    public void FormatWithWeekday_GivesTheUkDayAndTimeWithItsWeekday()
    {
        // 4 December 2026 was a Friday; 14:47 UTC is 2:47pm in London in winter, 13:45 UTC in July is 2:45pm.
        Assert.Equal("Friday 4 December 2026 at 2:47pm", UkTime.FormatWithWeekday(Now));
        Assert.Equal("Friday 3 July 2026 at 2:45pm", UkTime.FormatWithWeekday(new DateTime(2026, 7, 3, 13, 45, 0, DateTimeKind.Utc)));
    }
}
