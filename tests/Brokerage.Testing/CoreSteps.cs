using Brokerage.Core;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Referrals;
using Brokerage.Core.Requests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Testing;

/// <summary>
/// The steps a broker or provider takes, through the Core services of a running app (in-process,
/// on Kestrel, or any container that registers them), to set up what a test is about. Each step runs
/// in a scope of its own, as a request would, and reads the time from the app's clock.
/// </summary>
public static class CoreSteps
{
    /// <summary>A new setting of the provider's, read back with its provider.</summary>
    public static async Task<Setting> AddSettingAsync(this IServiceProvider services, SettingBuilder setting, int providerId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BrokerageDbContext>();
        var entity = setting.ToEntity(providerId);
        db.Settings.Add(entity);
        await db.SaveChangesAsync();
        return await db.Settings.AsNoTracking().Include(s => s.Provider).SingleAsync(s => s.Id == entity.Id);
    }

    /// <summary>A new request, with notice received now.</summary>
    public static async Task<PlacementRequest> CreateRequestAsync(this IServiceProvider services, RequestBuilder request)
    {
        await using var scope = services.CreateAsyncScope();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        return await scope.ServiceProvider.GetRequiredService<PlacementRequestService>().CreateAsync(request.ToOptions(now));
    }

    /// <summary>Matching run on the request with the rules running now, as the broker.</summary>
    public static async Task<MatchingRun> MatchAsync(this IServiceProvider services, int requestId, string reason = "Test")
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(new RunMatchingOptions(requestId, TestUsers.Broker, reason));
    }

    /// <summary>Referrals sent by the broker to the chosen settings of a matching run.</summary>
    public static async Task<IReadOnlyList<Referral>> ReferAsync(this IServiceProvider services, int requestId, int runId, IReadOnlyList<int> settingIds)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReferralService>().SendAsync(new SendReferralsOptions(requestId, runId, settingIds, TestUsers.Broker));
    }

    /// <summary>The referred provider offers its place, signed in at its referral address.</summary>
    public static async Task<Offer> OfferAsync(this IServiceProvider services, int referralId, decimal weeklyCost, int availableInDays = 3)
    {
        await using var scope = services.CreateAsyncScope();
        var referral = await scope.ServiceProvider.GetRequiredService<BrokerageDbContext>().Referrals.AsNoTracking()
            .Include(r => r.Setting).ThenInclude(s => s.Provider).SingleAsync(r => r.Id == referralId);
        var today = UkTime.Today(scope.ServiceProvider.GetRequiredService<TimeProvider>());
        return await scope.ServiceProvider.GetRequiredService<ProviderResponseService>().OfferAsync(
            new MakeOfferOptions(referral.Id, referral.ProviderId, today.AddDays(availableInDays), weeklyCost, null, referral.Setting.Provider.ReferralEmail));
    }
}
