using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Testing;

/// <summary>A commissioner keeping the directory, through the same service the directory pages and API use.</summary>
public static class MarketSteps
{
    private static int nextUrn = 980_000;

    /// <summary>A URN no other test's setting holds, in the 7-digit form Ofsted gives new registrations.</summary>
    public static string NewUrn() => "2" + Interlocked.Increment(ref nextUrn).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(6, '0');

    /// <summary>A foster household in Amberford, registered under its agency, that fits <see cref="RequestBuilder"/>'s child.</summary>
    public static SettingDetails Household(string name) => new()
    {
        Name = name,
        Type = PlacementType.Fostering,
        Registration = Registration.OfstedFosteringAgency,
        OfstedUrn = NewUrn(),
        Rating = OfstedRating.Good,
        RatingDate = new DateOnly(2025, 6, 12),
        Postcode = "AM1 9ZZ",
        Locality = "Amberford",
        Latitude = 52.262,
        Longitude = -1.248,
        InCounty = true,
        Places = 2,
        MinAge = 0,
        MaxAge = 17,
        GendersAccepted = GendersAccepted.Any,
        Specialisms = Needs.Trauma,
        WeeklyRate = 900,
    };

    public static ProviderDetails Provider(string name) => new()
    {
        Name = name,
        CompanyNumber = "09876543",
        ReferralEmail = $"referrals@{name.ToLowerInvariant().Replace(' ', '-')}.example",
        EscalationEmail = $"manager@{name.ToLowerInvariant().Replace(' ', '-')}.example",
        EscalationContactName = "Sam Manager",
        EscalationPhone = "01632 960 001",
    };

    public static async Task<T> AsCommissionerAsync<T>(this IServiceProvider services, Func<DirectoryService, DirectoryActor, Task<T>> change)
    {
        await using var scope = services.CreateAsyncScope();
        return await change(scope.ServiceProvider.GetRequiredService<DirectoryService>(), DirectoryActor.Council(TestUsers.Commissioner));
    }

    /// <summary>A new provider with one setting, entered by a commissioner.</summary>
    public static async Task<Setting> AddProviderWithSettingAsync(this IServiceProvider services, string providerName, SettingDetails setting)
    {
        var provider = await services.AsCommissionerAsync((d, who) => d.AddProviderAsync(Provider(providerName), who));
        return await services.AsCommissionerAsync((d, who) => d.AddSettingAsync(provider.Id, setting, who));
    }

    /// <summary>A contract for the setting, in force from <paramref name="startsOn"/>.</summary>
    public static Task<SettingContract> AddContractAsync(this IServiceProvider services, int settingId, ContractArrangement arrangement, DateOnly startsOn, DateOnly? endsOn = null, int? lotId = null) =>
        services.AsCommissionerAsync((d, who) => d.AddContractAsync(settingId, new ContractDetails
        {
            Arrangement = arrangement,
            FrameworkLotId = lotId,
            ReservedPlaces = arrangement == ContractArrangement.BlockContract ? 1 : null,
            AgreedWeeklyPrice = arrangement == ContractArrangement.InHouse ? null : 900,
            StartsOn = startsOn,
            EndsOn = endsOn,
        }, who));

    public static Task<FrameworkLot> AddLotAsync(this IServiceProvider services, string framework, string name, PlacementType type = PlacementType.Fostering) =>
        services.AsCommissionerAsync((d, who) => d.SaveLotAsync(null, new LotDetails { Framework = framework, Name = name, PlacementType = type }, who));
}
