using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Placements;

namespace Brokerage.Core.Approvals;

/// <summary>
/// Whether, why and on which route an offer needs an assistant director's approval before its
/// placement can be confirmed. The one place these grounds are decided: the offers page, the
/// risk assessment and confirming a placement all ask the referral.
/// </summary>
public static class ReferralApproval
{
    /// <summary>
    /// The setting's registration when a child would be placed from this referral: on the day the
    /// placement starts (the offer's start, or the day the child needs the place before an offer),
    /// or today when that day has passed, because a child placed late lives there from now on. A
    /// registration cancelled by then is unregistered provision, whatever the directory says today.
    /// </summary>
    public static Registration RegistrationAtStart(this Referral referral, PlacementRequest request, DateOnly today) =>
        referral.Setting.RegistrationOn(MatchFactsBuilder.JudgedOn(referral.Offer is { } offer ? PlacementStart.Of(request, offer) : MatchFactsBuilder.RequiredOn(request), today));

    public static bool IsRegulatedAtStart(this Referral referral, PlacementRequest request, DateOnly today) =>
        Setting.IsRegistered(referral.RegistrationAtStart(request, today));

    /// <summary>
    /// Unregulated or unregistered provision, a referral sent on the exceptional route, or a
    /// match the eligibility rules mark NeedsApproval. Needs the referral's setting and match candidate.
    /// </summary>
    public static bool NeedsApproval(this Referral referral, PlacementRequest request, DateOnly today) =>
        !referral.IsRegulatedAtStart(request, today) || referral.IsExceptional || referral.MatchCandidate?.Outcome == EligibilityOutcome.NeedsApproval;

    /// <summary>Why approval is needed, in the rules' own words. Needs the referral's setting and match candidate.</summary>
    public static string ApprovalGrounds(this Referral referral, PlacementRequest request, DateOnly today)
    {
        var grounds = referral.MatchCandidate?.Findings
            .Where(f => f.Outcome == EligibilityOutcome.NeedsApproval || (referral.IsExceptional && f.ExceptionalRoute))
            .Select(f => f.Basis is null ? f.Reason : $"{f.Reason} ({f.Basis})").ToList() ?? [];
        if (!referral.IsRegulatedAtStart(request, today) && grounds.Count == 0)
        {
            grounds.Add($"{Display.Registration(referral.RegistrationAtStart(request, today))} provision");
        }

        return string.Join("; ", grounds);
    }

    /// <summary>
    /// The exceptional route when the child is under 16 on the day the placement is needed and the
    /// provision is unregulated or unregistered (or the referral was sent outside the rules): the
    /// placement breaches the 2021 regulations and needs search evidence. A regulated home the rules
    /// flag for another reason, such as an Inadequate rating, is an ordinary approval.
    /// </summary>
    public static ApprovalRoute ApprovalRoute(this Referral referral, PlacementRequest request, DateOnly today) =>
        request.AgeOn(DateOnly.FromDateTime(UkTime.ToLocal(request.RequiredFrom))) < 16 && (!referral.IsRegulatedAtStart(request, today) || referral.IsExceptional)
            ? Domain.ApprovalRoute.Under16Exception
            : Domain.ApprovalRoute.Standard;
}
