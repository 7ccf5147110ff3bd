using Brokerage.Core.Domain;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Tests.Rules;

public sealed class UrgencyPolicyTests
{
    private static readonly RuleSet Rules = RuleSet.Load(RulesDirectory.Real);

    // The sufficiency strategy's bands: same day crisis; 1 day is not "same day", so emergency.
    [Theory]
    [InlineData(0, Urgency.Crisis)]
    [InlineData(1, Urgency.Emergency)]
    [InlineData(2, Urgency.Emergency)]
    [InlineData(3, Urgency.Emergency)]
    [InlineData(4, Urgency.ShortNotice)]
    [InlineData(13, Urgency.ShortNotice)]
    [InlineData(14, Urgency.Planned)]
    [InlineData(90, Urgency.Planned)]
    public void Classify_ByDaysOfNotice_FollowsTheStrategyBands(int days, Urgency expected) =>
        Assert.Equal(expected, Rules.Urgency.Classify(days));

    [Fact]
    public void NoticeDays_CountsUkCalendarDays_NotHoursElapsed()
    {
        // 23:30 on Monday to 00:30 on Tuesday is one hour, but a day's notice.
        var received = UkTime.ToUtc(new DateTime(2026, 11, 23, 23, 30, 0));
        var required = UkTime.ToUtc(new DateTime(2026, 11, 24, 0, 30, 0));

        Assert.Equal(1, UrgencyPolicy.NoticeDays(received, required));
    }

    [Fact]
    public void NoticeDays_AcrossTheClocksGoingBack_UsesLocalDates()
    {
        // 00:30 BST on 25 October 2026 is 23:30 UTC on the 24th: still the 25th for the team.
        var received = new DateTime(2026, 10, 24, 23, 30, 0, DateTimeKind.Utc);
        var required = new DateTime(2026, 10, 25, 20, 0, 0, DateTimeKind.Utc);

        Assert.Equal(0, UrgencyPolicy.NoticeDays(received, required));
    }
}
