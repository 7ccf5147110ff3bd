using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Referrals;
using Brokerage.Core.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>Sets up a request with referrals and offers through the Core services, for tests about later steps.</summary>
public static class Scenario
{
    public sealed record Referred(int RequestId, IReadOnlyList<Referral> Referrals);

    public static async Task<Referred> RequestWithReferralsAsync(BrokerageWebFactory factory, string childReference, int referralCount, int requiredInDays = 5)
    {
        var run = await MatchedAsync(factory, childReference, requiredInDays);
        await using var scope = factory.Services.CreateAsyncScope();
        var chosen = run.Candidates.Where(c => c.Outcome == EligibilityOutcome.Eligible).OrderBy(c => c.Rank).Take(referralCount).Select(c => c.SettingId).ToList();
        await scope.ServiceProvider.GetRequiredService<ReferralService>().SendAsync(new SendReferralsOptions(run.PlacementRequestId, run.Id, chosen, "broker@ambershire.example"));
        return await factory.WithDbAsync(async db => new Referred(run.PlacementRequestId,
            await db.Referrals.Include(r => r.Setting).ThenInclude(s => s.Provider).Where(r => r.PlacementRequestId == run.PlacementRequestId).OrderBy(r => r.Id).ToListAsync()));
    }

    /// <summary>A new request for a 9-year-old boy, matched with the rules running now.</summary>
    public static async Task<MatchingRun> MatchedAsync(BrokerageWebFactory factory, string childReference, int requiredInDays = 5)
    {
        var request = await CreateRequestAsync(factory, childReference, requiredInDays);
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(new RunMatchingOptions(request.Id, "broker@ambershire.example", "Test"));
    }

    /// <summary>A new request for a 9-year-old boy, not yet matched.</summary>
    public static async Task<PlacementRequest> CreateRequestAsync(BrokerageWebFactory factory, string childReference, int requiredInDays = 5)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var now = factory.Time.GetUtcNow().UtcDateTime;
        return await scope.ServiceProvider.GetRequiredService<PlacementRequestService>().CreateAsync(new CreatePlacementRequestOptions
        {
            ChildReference = childReference,
            DateOfBirth = DateOnly.FromDateTime(now.AddYears(-9)),
            Gender = Gender.Male,
            Ethnicity = "Any other Mixed background",
            LegalStatus = LegalStatus.InterimCareOrder,
            Needs = Needs.Trauma,
            HomeLocality = "Corlingham",
            HomePostcode = "AM4 1ZZ",
            PlacementType = PlacementType.Fostering,
            NoticeReceivedAt = now,
            RequiredFrom = now.AddDays(requiredInDays),
            WeeklyBudget = 1000,
            MaxDistanceMiles = 20,
            CreatedBy = "broker@ambershire.example",
        });
    }

    public static async Task<Offer> OfferAsync(BrokerageWebFactory factory, Referral referral, decimal weeklyCost)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var today = DateOnly.FromDateTime(factory.Time.GetUtcNow().UtcDateTime);
        return await scope.ServiceProvider.GetRequiredService<ProviderResponseService>().OfferAsync(
            new MakeOfferOptions(referral.Id, referral.ProviderId, today.AddDays(3), weeklyCost, null, referral.Setting.Provider.ReferralEmail));
    }
}
