using Brokerage.Core.Matching;
using Brokerage.Core.Scheduling;

namespace Brokerage.Core.Rules;

public sealed record SchemeRegion(string Name, double CentreLatitude, double CentreLongitude, double RadiusMiles);

public sealed record SchemeAuthorityConfig(string Code, string Name, string Email);

/// <summary>rules/vacancy-scheme.json: the regional fostering vacancy scheme's windows, holds, cap and rota.</summary>
public sealed record VacancySchemePolicy(
    string? Description,
    int StaleAfterDays,
    bool RequireInRegionCarers,
    SchemeRegion Region,
    double RespondWithinHours,
    int AcceleratedWithinDays,
    double AcceleratedResponseHours,
    int HoldWorkingDays,
    double ProfileConfirmHours,
    double ProfileChaseHours,
    int MaxVacanciesPerAuthority,
    IReadOnlyList<SchemeAuthorityConfig> Authorities)
{
    public const string File = "vacancy-scheme.json";

    /// <summary>Accelerated when the vacancy is ready within the window: 2 weeks or less away.</summary>
    public bool IsAccelerated(DateOnly readyFrom, DateOnly today) => readyFrom.DayNumber - today.DayNumber <= AcceleratedWithinDays;

    /// <summary>24 hours when the vacancy is more than two weeks away; otherwise 2 hours or the end of the working day, whichever is sooner.</summary>
    public DateTime RespondBy(bool accelerated, DateTime offeredAtUtc, WorkingCalendar calendar) =>
        accelerated ? calendar.HoursOrEndOfWorkingDay(offeredAtUtc, AcceleratedResponseHours) : offeredAtUtc.AddHours(RespondWithinHours);

    public bool IsInRegion(double latitude, double longitude) =>
        Geo.DistanceMiles(Region.CentreLatitude, Region.CentreLongitude, latitude, longitude) <= Region.RadiusMiles;

    public static VacancySchemePolicy Read(string text)
    {
        var policy = RuleFileJson.Read<VacancySchemePolicy>(File, text);
        void Require(bool ok, string setting, string reason)
        {
            if (!ok)
            {
                throw new RuleFileException(File, setting, reason);
            }
        }

        Require(policy.StaleAfterDays >= 1, "staleAfterDays", "must be at least 1");
        Require(policy.Region.RadiusMiles > 0, "region", "radiusMiles must be more than 0");
        Require(policy.RespondWithinHours > 0 && policy.AcceleratedResponseHours > 0, "respondWithinHours", "response windows must be more than 0 hours");
        Require(policy.AcceleratedWithinDays >= 0, "acceleratedWithinDays", "must be 0 or more");
        Require(policy.HoldWorkingDays >= 1, "holdWorkingDays", "must be at least 1");
        Require(policy.ProfileChaseHours > 0 && policy.ProfileChaseHours < policy.ProfileConfirmHours, "profileChaseHours", "the chase must come after 0 hours and before profileConfirmHours");
        Require(policy.MaxVacanciesPerAuthority >= 1, "maxVacanciesPerAuthority", "must be at least 1");
        Require(policy.Authorities.Count > 0, "authorities", "at least one participating authority is needed");
        foreach (var authority in policy.Authorities)
        {
            Require(!string.IsNullOrWhiteSpace(authority.Code) && !string.IsNullOrWhiteSpace(authority.Name) && authority.Email.Contains('@', StringComparison.Ordinal), authority.Code, "every authority needs a code, a name and an email address");
        }

        Require(policy.Authorities.Select(a => a.Code).Distinct(StringComparer.OrdinalIgnoreCase).Count() == policy.Authorities.Count, "authorities", "an authority code is used twice");
        return policy;
    }
}
