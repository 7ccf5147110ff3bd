using System.Numerics;
using Brokerage.Core.Domain;

namespace Brokerage.Core.Matching;

/// <summary>Turns a request and a setting into the rule inputs. Measurements only.</summary>
public static class MatchFactsBuilder
{
    public static RequestInput ToInput(PlacementRequest request) => new()
    {
        PlacementType = request.PlacementType.ToString(),
        SuitableTypes = request.SuitableTypes.Select(t => t.ToString()).ToList(),
        Gender = request.Gender.ToString(),
        Urgency = request.Urgency.ToString(),
        MaxDistanceMiles = request.MaxDistanceMiles,
        WeeklyBudget = (double)request.WeeklyBudget,
        IsSeparatedChild = request.IsSeparatedChild,
        NeedsCount = BitOperations.PopCount((uint)request.Needs),
    };

    /// <summary>The day a request is judged on: the UK date it needs the place from.</summary>
    public static DateOnly RequiredOn(PlacementRequest request) => DateOnly.FromDateTime(UkTime.ToLocal(request.RequiredFrom));

    /// <summary>
    /// The day a setting's registration and contract are judged for a request: the day the child
    /// needs the place, or today once that day has passed (a child still waiting would be placed
    /// from now on, so a registration cancelled or a contract ended since then counts).
    /// </summary>
    public static DateOnly JudgedOn(PlacementRequest request, DateOnly today) => JudgedOn(RequiredOn(request), today);

    /// <summary>A day a setting is judged on, or today once it has passed.</summary>
    public static DateOnly JudgedOn(DateOnly day, DateOnly today) => day > today ? day : today;

    /// <summary>
    /// The setting as it stands on the day the child needs it: its registration in force then (a
    /// cancelled one is unregistered provision) and the contract in force then (none is spot). Needs
    /// the setting's contracts loaded (<see cref="DatedFacts.LoadDatedFactsAsync"/>). With an open
    /// vacancy, the setting is matched on the child the provider says the vacancy suits.
    /// </summary>
    public static SettingInput ToInput(Setting setting, DateOnly on, VacancyInfo? vacancy = null) => ToInput(setting, setting.RegistrationOn(on), setting.ArrangementOn(on), vacancy);

    private static SettingInput ToInput(Setting setting, Registration registration, ContractArrangement contract, VacancyInfo? vacancy) => new()
    {
        Id = setting.Id,
        ProviderId = setting.ProviderId,
        Name = setting.Name,
        Type = setting.Type.ToString(),
        Registration = registration.ToString(),
        IsRegulated = Setting.IsRegistered(registration),
        Rating = setting.Rating?.ToString() ?? "None",
        Contract = contract.ToString(),
        MinAge = vacancy is null ? setting.MinAge : Math.Max(setting.MinAge, vacancy.MinAge),
        MaxAge = vacancy is null ? setting.MaxAge : Math.Min(setting.MaxAge, vacancy.MaxAge),
        GendersAccepted = (vacancy is null || vacancy.Genders == GendersAccepted.Any ? setting.GendersAccepted : vacancy.Genders).ToString(),
        WeeklyRate = (double)setting.WeeklyRate,
        StabilityRate = setting.StabilityRate,
        InCounty = setting.InCounty,
    };

    public static MatchFacts Facts(PlacementRequest request, Setting setting, double providerResponseRate, VacancyInfo? vacancy = null) =>
        Facts(request, setting, providerResponseRate, vacancy, RequiredOn(request));

    /// <summary>The facts for the child needing a place on <paramref name="requiredOn"/>: for a child already placed, today.</summary>
    public static MatchFacts Facts(PlacementRequest request, Setting setting, double providerResponseRate, VacancyInfo? vacancy, DateOnly requiredOn)
    {
        // A vacancy counts for a child only if it is ready by the day the child needs it.
        vacancy = vacancy?.ReadyFrom <= requiredOn ? vacancy : null;
        var needs = (uint)request.Needs;
        var covered = needs & (uint)setting.Specialisms;
        return new MatchFacts
        {
            ChildAge = request.AgeOn(requiredOn),
            DistanceMiles = Math.Round(Geo.DistanceMiles(request.HomeLatitude, request.HomeLongitude, setting.Latitude, setting.Longitude), 1),
            FreePlaces = vacancy?.Places ?? setting.FreePlacesOn(requiredOn),
            NeedsCovered = BitOperations.PopCount(covered),
            NeedsUncovered = BitOperations.PopCount(needs & ~covered),
            CostOverBudget = (double)(setting.WeeklyRate - request.WeeklyBudget),
            ProviderResponseRate = providerResponseRate,
            NoticeDays = Rules.UrgencyPolicy.NoticeDays(request.NoticeReceivedAt, request.RequiredFrom),
            // Nursing or personal care as the primary need is recorded as complex health needs.
            HasNursingOrPersonalCareNeed = request.Needs.HasFlag(Needs.ComplexHealth),
            VacancyStatus = vacancy is null ? "None" : vacancy.IsStale ? "Stale" : "Confirmed",
        };
    }
}

public static class Geo
{
    private const double EarthRadiusMiles = 3958.8;

    /// <summary>Great-circle distance; road distance is longer, but this ranks consistently.</summary>
    public static double DistanceMiles(double lat1, double lon1, double lat2, double lon2)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(lat2 - lat1);
        var dLon = Radians(lon2 - lon1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * EarthRadiusMiles * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
