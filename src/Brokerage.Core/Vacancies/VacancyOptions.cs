using Brokerage.Core.Domain;

namespace Brokerage.Core.Vacancies;

public sealed record NotifyVacancyOptions
{
    public int ProviderId { get; init; }
    public int? SettingId { get; init; }
    public int? Places { get; init; }
    public int? MinAge { get; init; }
    public int? MaxAge { get; init; }
    public GendersAccepted Genders { get; init; }
    public Needs CanMeet { get; init; }
    public DateOnly? ReadyFrom { get; init; }

    /// <summary>The end of a rough window, until the provider can confirm the date.</summary>
    public DateOnly? ReadyBy { get; init; }
    public decimal? WeeklyCost { get; init; }
    public string? Notes { get; init; }
    public required string Actor { get; init; }
}

public sealed record SchemeAcceptance(SchemeTerms? Terms, decimal? AgreedWeeklyCost, string? ChildProfile, string? Feedback);

public sealed record SchemeRefusal(SchemeRefusalReason? Reason, string? Feedback);

public sealed record ExpressInterestOptions(int ProviderId, int RequestId, int SettingId, DateOnly? AvailableFrom, decimal? WeeklyCost, string? Note, string Actor);
