using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>Sets up a request with referrals and offers through the Core services, for tests about later steps.</summary>
public static class Scenario
{
    public sealed record Referred(int RequestId, IReadOnlyList<Referral> Referrals);

    public static async Task<Referred> RequestWithReferralsAsync(BrokerageWebFactory factory, string childReference, int referralCount, int requiredInDays = 5)
    {
        var run = await MatchedAsync(factory, childReference, requiredInDays);
        var chosen = run.Candidates.Where(c => c.Outcome == EligibilityOutcome.Eligible).OrderBy(c => c.Rank).Take(referralCount).Select(c => c.SettingId).ToList();
        await factory.Services.ReferAsync(run.PlacementRequestId, run.Id, chosen);
        return await factory.WithDbAsync(async db => new Referred(run.PlacementRequestId,
            await db.Referrals.Include(r => r.Setting).ThenInclude(s => s.Provider).Where(r => r.PlacementRequestId == run.PlacementRequestId).OrderBy(r => r.Id).ToListAsync()));
    }

    /// <summary>A new request for a 9-year-old boy, matched with the rules running now.</summary>
    public static async Task<MatchingRun> MatchedAsync(BrokerageWebFactory factory, string childReference, int requiredInDays = 5)
    {
        var request = await CreateRequestAsync(factory, childReference, requiredInDays);
        return await factory.Services.MatchAsync(request.Id);
    }

    /// <summary>A new request for a 9-year-old boy (<see cref="RequestBuilder"/>'s child), not yet matched.</summary>
    public static Task<PlacementRequest> CreateRequestAsync(BrokerageWebFactory factory, string childReference, int requiredInDays = 5) =>
        factory.Services.CreateRequestAsync(new RequestBuilder(childReference) { RequiredIn = TimeSpan.FromDays(requiredInDays) });

    public static Task<Offer> OfferAsync(BrokerageWebFactory factory, Referral referral, decimal weeklyCost) =>
        factory.Services.OfferAsync(referral.Id, weeklyCost);
}
