using Brokerage.Core.Common;

namespace Brokerage.Core.Tests.Common;

public sealed class DisplayTests
{
    [Theory]
    [InlineData(0, "referral", null, "0 referrals")]
    [InlineData(1, "referral", null, "1 referral")]
    [InlineData(3, "working day", null, "3 working days")]
    [InlineData(2.5, "hour", null, "2.5 hours")]
    [InlineData(1, "search", "searches", "1 search")]
    [InlineData(2, "search", "searches", "2 searches")]
    [InlineData(1200, "email", null, "1,200 emails")]
    public void Count_SaysHowManyInWords(double count, string one, string? many, string expected) =>
        Assert.Equal(expected, Display.Count(count, one, many));
}
