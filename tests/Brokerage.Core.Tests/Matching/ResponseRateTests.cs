using Brokerage.Core.Domain;
using Brokerage.Core.Matching;

namespace Brokerage.Core.Tests.Matching;

public sealed class ResponseRateTests
{
    private static readonly Provider Provider = new() { Id = 7, Name = "P", ReferralEmail = "p@example.org", EscalationEmail = "m@example.org", ResponseRate = 0.9 };

    [Fact]
    public void WithNoHistory_TheRecordedRateStands() =>
        Assert.Equal(0.9, MatchingService.ResponseRate(Provider, new Dictionary<int, (int, int)>()));

    [Fact]
    public void ReferralsLeftUnanswered_PullTheRateDown()
    {
        // (0.9 × 10 + 2 answered) / (10 + 2 + 8) = 11 / 20
        var rate = MatchingService.ResponseRate(Provider, new Dictionary<int, (int, int)> { [7] = (2, 8) });

        Assert.Equal(0.55, rate);
    }

    [Fact]
    public void ReferralsAnswered_PullTheRateUp()
    {
        // (0.9 × 10 + 10) / 20 = 0.95
        Assert.Equal(0.95, MatchingService.ResponseRate(Provider, new Dictionary<int, (int, int)> { [7] = (10, 0) }));
    }
}
