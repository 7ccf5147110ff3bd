namespace Brokerage.Core.Domain;

/// <summary>
/// A place a provider tells the council about before anyone asks: the council matches it against
/// waiting children first, and can release it to the regional scheme's rota.
/// </summary>
public class Vacancy
{
    public int Id { get; set; }
    public int ProviderId { get; set; }
    public Provider Provider { get; set; } = null!;
    public int SettingId { get; set; }
    public Setting Setting { get; set; } = null!;
    public int Places { get; set; }

    // The child the provider says the place suits.
    public int MinAge { get; set; }
    public int MaxAge { get; set; }
    public GendersAccepted Genders { get; set; }
    public Needs CanMeet { get; set; }

    /// <summary>When the place is ready; with <see cref="ReadyBy"/> set, the start of a rough window not yet confirmed.</summary>
    public DateOnly ReadyFrom { get; set; }
    public DateOnly? ReadyBy { get; set; }
    public decimal WeeklyCost { get; set; }
    public string? Notes { get; set; }
    public VacancyStatus Status { get; set; }
    public DateTime NotifiedAt { get; set; }
    public required string NotifiedBy { get; set; }

    /// <summary>When the provider last said the details are still right; older than the scheme's limit is stale.</summary>
    public DateTime ConfirmedAt { get; set; }

    /// <summary>Set when released to the scheme: held free until then, 3 working days from the ready date.</summary>
    public DateTime? HeldUntil { get; set; }
    public bool Accelerated { get; set; }

    /// <summary>The referral made when the council offered this vacancy to one of its own waiting children.</summary>
    public int? ReferralId { get; set; }

    /// <summary>Bumped on every change of hands so that two people acting at once cannot both win.</summary>
    public int Version { get; set; }

    public List<VacancyMatch> Matches { get; set; } = [];
    public List<RotaOffer> RotaOffers { get; set; } = [];

    public bool IsStale(DateTime nowUtc, int staleAfterDays) => ConfirmedAt < nowUtc.AddDays(-staleAfterDays);
}

/// <summary>A waiting child a vacancy could suit, found by reverse matching with the same rules.</summary>
public class VacancyMatch
{
    public int Id { get; set; }
    public int VacancyId { get; set; }
    public Vacancy Vacancy { get; set; } = null!;
    public int PlacementRequestId { get; set; }
    public PlacementRequest PlacementRequest { get; set; } = null!;
    public DateTime MatchedAt { get; set; }
    public required string RulesVersion { get; set; }
    public EligibilityOutcome Outcome { get; set; }
    public int Rank { get; set; }
    public decimal Score { get; set; }
    public double DistanceMiles { get; set; }
    public List<ScoreLine> ScoreLines { get; set; } = [];
    public List<RuleFinding> Findings { get; set; } = [];
}

/// <summary>A participating authority in the vacancy scheme and its place in the rota.</summary>
public class SchemeAuthority
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }

    /// <summary>Lower goes first. An authority that lets an offer lapse moves behind the others.</summary>
    public int Position { get; set; }
}

/// <summary>The scheme's current rota cycle: in a cycle each authority is offered a vacancy once (accelerated vacancies excepted).</summary>
public class SchemeState
{
    public int Id { get; set; }
    public int Cycle { get; set; }
}

/// <summary>One vacancy offered to one authority through the scheme, with its answer and feedback.</summary>
public class RotaOffer
{
    public int Id { get; set; }
    public int VacancyId { get; set; }
    public Vacancy Vacancy { get; set; } = null!;
    public int SchemeAuthorityId { get; set; }
    public SchemeAuthority SchemeAuthority { get; set; } = null!;
    public int Cycle { get; set; }
    public DateTime OfferedAt { get; set; }
    public DateTime RespondBy { get; set; }

    /// <summary>SHA-256 of the secret in the link emailed to the authority; the secret itself is never stored.</summary>
    public required string TokenHash { get; set; }
    public RotaOfferStatus Status { get; set; }
    public DateTime? RespondedAt { get; set; }
    public SchemeRefusalReason? RefusalReason { get; set; }
    public string? Feedback { get; set; }
    public SchemeTerms? Terms { get; set; }
    public decimal? AgreedWeeklyCost { get; set; }

    /// <summary>The anonymised child profile the authority sends for matching when it accepts.</summary>
    public string? ChildProfile { get; set; }
    public DateTime? ProfileChaseAt { get; set; }
    public DateTime? ProfileChaseSentAt { get; set; }
    public DateTime? ProfileConfirmBy { get; set; }
    public DateTime? ProfileAnsweredAt { get; set; }
}

public enum VacancyStatus
{
    /// <summary>Notified; the council is looking at it for its own children.</summary>
    Open,

    /// <summary>Offered by the council to one of its own waiting children.</summary>
    OfferedToCouncil,

    /// <summary>Released to the regional scheme and being offered in rota order.</summary>
    InScheme,

    /// <summary>An authority accepted and the provider confirmed the child's profile.</summary>
    Matched,

    /// <summary>No authority could take it within the hold, or every one has been asked.</summary>
    Expired,
    Withdrawn,
}

public enum RotaOfferStatus
{
    Offered,
    Accepted,
    Refused,
    NoResponse,
    ProfileConfirmed,
    ProfileRefused,

    /// <summary>The hold ended or the vacancy was withdrawn while the offer was open.</summary>
    Withdrawn,
}

public enum SchemeRefusalReason
{
    NoSuitableChild,
    LocationNotSuitable,
    CostTooHigh,
    CarerProfileNotSuitable,
    Other,
}

public enum SchemeTerms
{
    Framework,
    Spot,
}
