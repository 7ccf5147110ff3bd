using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Rules;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Core.Tests.Matching;

public sealed class ResponseHistoryTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task LateAnswersAndClosedSearches_StillCountAsMisses_AndPendingReferralsDoNotCountYet()
    {
        using var database = new SqliteDatabase();
        await using var db = database.CreateContext();
        var provider = new Provider { Name = "P", ReferralEmail = "p@example.org", EscalationEmail = "m@example.org", ResponseRate = 0.8 };
        var settings = Enumerable.Range(1, 4).Select(i => new Setting { Provider = provider, Name = "S" + i, Postcode = "AM1 1AA", Locality = "Amberford" }).ToList();
        var request = new PlacementRequest { Reference = "PR-1", ChildReference = "CH-1", Ethnicity = "African", HomeLocality = "Amberford", CreatedBy = "b@example.org", Status = RequestStatus.Placed };
        db.AddRange(settings);
        db.Add(request);
        await db.SaveChangesAsync();
        Referral Referral(Setting setting, ReferralStatus status, DateTime respondBy, DateTime? respondedAt) => new()
        {
            PlacementRequestId = request.Id, SettingId = setting.Id, ProviderId = provider.Id, SentAt = Now.AddDays(-3), SentBy = "b", RespondBy = respondBy, RespondedAt = respondedAt, Status = status,
        };
        db.AddRange(
            Referral(settings[0], ReferralStatus.Offered, Now.AddDays(-2), Now.AddDays(-2.5)),      // answered in time
            Referral(settings[1], ReferralStatus.Offered, Now.AddDays(-2), Now.AddDays(-1)),        // answered late: a miss
            Referral(settings[2], ReferralStatus.NotSelected, Now.AddDays(-2), null),              // never answered; search since closed: a miss
            Referral(settings[3], ReferralStatus.Sent, Now.AddDays(1), null));                     // still within respond-by: not counted
        await db.SaveChangesAsync();
        var rules = RuleSet.Load(RulesDirectory.Real);
        var matching = new MatchingService(db, rules, new MatchingEngine(rules), new FakeTimeProvider(new DateTimeOffset(Now)), TestMetrics.Create());

        var counts = await matching.ResponseRatesAsync(CancellationToken.None);

        Assert.Equal((1, 2), counts[provider.Id]);
    }
}
