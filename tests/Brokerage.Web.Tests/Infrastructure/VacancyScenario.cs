using System.Text.RegularExpressions;
using Brokerage.Core;
using Brokerage.Core.Domain;
using Brokerage.Core.Vacancies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>Fostering settings, vacancies and scheme answers for the vacancy tests, through the Core services.</summary>
public static partial class VacancyScenario
{
    public const string Broker = TestUsers.Broker;

    /// <summary>Brightwater Fostering, an independent fostering agency in the demo data.</summary>
    public static Task<Core.Domain.Provider> ProviderAsync(BrokerageWebFactory factory) =>
        factory.WithDbAsync(db => db.Providers.AsNoTracking().SingleAsync(p => p.Name == TestUsers.BrightwaterFosteringName));

    /// <summary>A fostering household for the provider, in Amberford unless placed elsewhere.</summary>
    public static Task<Setting> HouseholdAsync(BrokerageWebFactory factory, int providerId, string name, double latitude = 52.262, double longitude = -1.248) =>
        factory.Services.AddSettingAsync(new SettingBuilder(name) { Latitude = latitude, Longitude = longitude }, providerId);

    public static async Task<Vacancy> NotifyAsync(BrokerageWebFactory factory, Setting setting, int readyInDays, int minAge = 0, int maxAge = 17)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<VacancyService>().NotifyAsync(new NotifyVacancyOptions
        {
            ProviderId = setting.ProviderId, SettingId = setting.Id, Places = 1, MinAge = minAge, MaxAge = maxAge, Genders = GendersAccepted.Any,
            ReadyFrom = UkTime.Today(factory.Time).AddDays(readyInDays), WeeklyCost = 850, Actor = setting.Provider.ReferralEmail,
        });
    }

    /// <summary>Notifies a vacancy on a new household and releases it to the scheme; returns the vacancy id.</summary>
    public static async Task<int> InSchemeAsync(BrokerageWebFactory factory, string name, int readyInDays)
    {
        var provider = await ProviderAsync(factory);
        var vacancy = await NotifyAsync(factory, await HouseholdAsync(factory, provider.Id, name), readyInDays);
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<VacancyService>().ReleaseToSchemeAsync(vacancy.Id, Broker);
        return vacancy.Id;
    }

    /// <summary>The vacancy's offers in the order made, as (authority code, cycle, status).</summary>
    public static Task<List<(string Code, int Cycle, RotaOfferStatus Status)>> RotaAsync(BrokerageWebFactory factory, int vacancyId) =>
        factory.WithDbAsync(async db => (await db.RotaOffers.AsNoTracking().Include(o => o.SchemeAuthority).Where(o => o.VacancyId == vacancyId).OrderBy(o => o.Id).ToListAsync())
            .Select(o => (o.SchemeAuthority.Code, o.Cycle, o.Status)).ToList());

    /// <summary>The secret in the link emailed to the authority with the vacancy's open offer.</summary>
    public static Task<string> OpenOfferSecretAsync(BrokerageWebFactory factory, int vacancyId) =>
        factory.WithDbAsync(async db =>
        {
            var offer = await db.RotaOffers.AsNoTracking().Include(o => o.SchemeAuthority).Include(o => o.Vacancy).ThenInclude(v => v.Setting)
                .SingleAsync(o => o.VacancyId == vacancyId && o.Status == RotaOfferStatus.Offered);
            var bodies = await db.OutboxMessages.AsNoTracking().Where(m => m.To == offer.SchemeAuthority.Email).OrderByDescending(m => m.Id).Select(m => m.Body).ToListAsync();
            return OfferLink().Match(bodies.First(b => b.Contains(offer.Vacancy.Setting.Name + ",", StringComparison.Ordinal) && OfferLink().IsMatch(b))).Groups[1].Value;
        });

    public static async Task RefuseAsync(BrokerageWebFactory factory, int vacancyId, SchemeRefusalReason reason = SchemeRefusalReason.NoSuitableChild)
    {
        var secret = await OpenOfferSecretAsync(factory, vacancyId);
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SchemeService>().RefuseAsync(secret, new SchemeRefusal(reason, null));
    }

    public static async Task AcceptAsync(BrokerageWebFactory factory, int vacancyId)
    {
        var secret = await OpenOfferSecretAsync(factory, vacancyId);
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SchemeService>().AcceptAsync(secret, new SchemeAcceptance(SchemeTerms.Framework, 820, "Boy aged 9, settled at school, needs a calm household", null));
    }

    public static async Task ConfirmProfileAsync(BrokerageWebFactory factory, int vacancyId, bool confirm = true)
    {
        var provider = await ProviderAsync(factory);
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SchemeService>().AnswerProfileAsync(provider.Id, vacancyId, confirm, provider.ReferralEmail);
    }

    public static Task<int> SweepAsync(BrokerageWebFactory factory) =>
        factory.RunAsync<Core.Jobs.VacancySchemeJob, int>(j => j.ExecuteAsync(CancellationToken.None));

    [GeneratedRegex(@"/scheme/offers/([A-Za-z0-9_-]+)")]
    private static partial Regex OfferLink();
}
