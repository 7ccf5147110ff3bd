using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Vacancies;

/// <summary>
/// An offer that starts with the provider (interest in an open search, or a notified vacancy)
/// rather than with a referral: recorded as a one-setting matching run, an answered referral and
/// an open offer, so it is compared, held, approved and accepted like any other.
/// </summary>
internal static class ProviderLedOffer
{
    public static Offer Add(
        BrokerageDbContext db,
        RuleSet rules,
        PlacementRequest request,
        Setting setting,
        EligibilityOutcome outcome,
        decimal score,
        double distanceMiles,
        List<ScoreLine> scoreLines,
        List<RuleFinding> findings,
        ReferralOrigin origin,
        string reason,
        DateOnly availableFrom,
        decimal weeklyCost,
        string? conditions,
        DateTime now,
        string actor)
    {
        var candidate = new MatchCandidate
        {
            SettingId = setting.Id,
            Outcome = outcome,
            Rank = 1,
            Score = score,
            DistanceMiles = distanceMiles,
            ScoreLines = [.. scoreLines],
            Findings = [.. findings],
        };
        db.MatchingRuns.Add(new MatchingRun
        {
            PlacementRequestId = request.Id,
            RanAt = now,
            RanBy = actor,
            Reason = reason,
            RulesVersion = rules.Version,
            SettingsConsidered = 1,
            Candidates = [candidate],
        });
        var offer = new Offer { AvailableFrom = availableFrom, WeeklyCost = weeklyCost, Conditions = conditions, Status = OfferStatus.Open, CreatedAt = now };
        request.Referrals.Add(new Referral
        {
            PlacementRequestId = request.Id,
            SettingId = setting.Id,
            ProviderId = setting.ProviderId,
            MatchCandidate = candidate,
            Origin = origin,
            SentAt = now,
            SentBy = actor,
            RespondBy = now,
            FirstChaseAt = now,
            SecondChaseAt = now,
            Status = ReferralStatus.Offered,
            RespondedAt = now,
            RespondedBy = actor,
            Offer = offer,
        });
        request.Status = RequestStatus.Searching;
        request.Version++;
        return offer;
    }
}
