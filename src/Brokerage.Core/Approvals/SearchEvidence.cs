using Brokerage.Core.Common;
using Brokerage.Core.Domain;

namespace Brokerage.Core.Approvals;

/// <summary>
/// The search history an exceptional (under-16) placement must rest on: the referrals sent to
/// regulated provision and the declines or non-responses that came back.
/// </summary>
public static class SearchEvidence
{
    public const string Field = "SearchEvidence";

    /// <summary>The referrals on a request, oldest first. Needs referrals with settings, providers and offers loaded.</summary>
    public static List<SearchEvidenceItem> Of(PlacementRequest request, DateOnly today) =>
        request.Referrals
            .OrderBy(r => r.SentAt).ThenBy(r => r.Id)
            .Select(r => new SearchEvidenceItem(
                r.Setting.Name,
                r.Setting.Provider.Name,
                Display.Registration(r.RegistrationAtStart(request, today)),
                r.SentAt,
                Outcome(r),
                r.Status == ReferralStatus.Declined ? r.DeclineDetails : r.IsExceptional ? "Exceptional referral: " + r.ExceptionalReason : null))
            .ToList();

    /// <summary>
    /// Under-16s may go to unregulated provision only when the search for regulated provision has
    /// been made and has failed: at least one regulated provider declined or did not answer, and
    /// no regulated offer is waiting to be considered.
    /// </summary>
    /// <param name="forReferral">The referral whose offer is being approved, left out of "a regulated offer is waiting".</param>
    public static IReadOnlyList<FieldError> Check(PlacementRequest request, DateOnly today, Referral? forReferral = null)
    {
        var regulated = request.Referrals.Where(r => r.IsRegulatedAtStart(request, today) && !r.IsExceptional && r != forReferral).ToList();
        var errors = new List<FieldError>();
        if (!regulated.Any(r => r.Status is ReferralStatus.Declined or ReferralStatus.NoResponse))
        {
            errors.Add(new FieldError(Field, "The exceptional route needs search evidence: send referrals to regulated providers, and record their declines or non-responses, first"));
        }

        if (regulated.FirstOrDefault(r => r.Offer is { Status: OfferStatus.Open or OfferStatus.HeldInPrinciple }) is { } offered)
        {
            errors.Add(new FieldError(Field, $"{offered.Setting.Name} (regulated) has offered a place. Consider that offer before unregulated provision"));
        }

        return errors;
    }

    private static string Outcome(Referral referral) => referral.Status switch
    {
        ReferralStatus.Sent => "Awaiting an answer",
        ReferralStatus.Offered => "Offered a place",
        ReferralStatus.Declined => "Declined: " + Display.DeclineReason(referral.DeclineReason ?? DeclineReason.Other),
        ReferralStatus.NoResponse => "No response by " + UkTime.Format(referral.RespondBy),
        ReferralStatus.Accepted => "Offer accepted",
        ReferralStatus.NotSelected => "Not selected",
        _ => referral.Status.ToString(),
    };
}
