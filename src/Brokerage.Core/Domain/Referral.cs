namespace Brokerage.Core.Domain;

public class Referral
{
    public int Id { get; set; }
    public int PlacementRequestId { get; set; }
    public PlacementRequest PlacementRequest { get; set; } = null!;
    public int SettingId { get; set; }
    public Setting Setting { get; set; } = null!;

    // Denormalised so every provider-facing query can filter on it directly.
    public int ProviderId { get; set; }
    public int? MatchCandidateId { get; set; }

    /// <summary>
    /// Sent outside the eligibility rules on the exceptional route (a child under 16 and
    /// unregulated provision), with the broker's reason no regulated option can meet the need.
    /// </summary>
    public bool IsExceptional { get; set; }

    /// <summary>Started by the provider (interest in an open search, or a vacancy offered by the council), not by a referral email.</summary>
    public ReferralOrigin Origin { get; set; }
    public string? ExceptionalReason { get; set; }
    public MatchCandidate? MatchCandidate { get; set; }
    public DateTime SentAt { get; set; }
    public required string SentBy { get; set; }
    public DateTime RespondBy { get; set; }

    // Deadlines live in the database so that a restart, or Hangfire's in-memory storage, loses nothing.
    public DateTime FirstChaseAt { get; set; }
    public DateTime SecondChaseAt { get; set; }
    public DateTime? FirstChaseSentAt { get; set; }
    public DateTime? SecondChaseSentAt { get; set; }
    public ReferralStatus Status { get; set; }
    public DateTime? RespondedAt { get; set; }
    public string? RespondedBy { get; set; }
    public DeclineReason? DeclineReason { get; set; }
    public string? DeclineDetails { get; set; }
    public Offer? Offer { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public string? WithdrawnReason { get; set; }

    /// <summary>The last chase a broker sent by hand.</summary>
    public DateTime? ChasedAt { get; set; }

    /// <summary>When the request's anonymised profile last changed after this referral was sent.</summary>
    public DateTime? ProfileChangedAt { get; set; }

    /// <summary>Still waiting on the provider, or on the council's choice: what withdrawing a request must close.</summary>
    public bool IsOpen => Status is ReferralStatus.Sent or ReferralStatus.Offered or ReferralStatus.NoResponse;

    /// <summary>
    /// A provider may answer until it has answered or the council has chosen a placement.
    /// A late answer is still welcome while the council is searching: it may be the only bed.
    /// </summary>
    public bool CanBeAnswered =>
        Status is ReferralStatus.Sent or ReferralStatus.NoResponse
        && PlacementRequest.Status is RequestStatus.Open or RequestStatus.Searching;
}

public class Offer
{
    public int Id { get; set; }
    public int ReferralId { get; set; }
    public Referral Referral { get; set; } = null!;
    public DateOnly AvailableFrom { get; set; }
    public decimal WeeklyCost { get; set; }
    public string? Conditions { get; set; }
    public OfferStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Set while the offer is accepted in principle: the place is held free until then.</summary>
    public DateTime? HeldUntil { get; set; }
    public DateTime? HoldWarningAt { get; set; }
    public DateTime? HoldWarningSentAt { get; set; }
    public string? HeldBy { get; set; }
}
