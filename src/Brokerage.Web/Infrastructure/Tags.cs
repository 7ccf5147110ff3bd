using Brokerage.Core.Domain;

namespace Brokerage.Web.Infrastructure;

/// <summary>GOV.UK tag colours, so the same state looks the same on every page.</summary>
public static class Tags
{
    public static string Urgency(Urgency urgency) => urgency switch
    {
        Core.Domain.Urgency.Crisis => "govuk-tag govuk-tag--red",
        Core.Domain.Urgency.Emergency => "govuk-tag govuk-tag--orange",
        Core.Domain.Urgency.ShortNotice => "govuk-tag govuk-tag--yellow",
        _ => "govuk-tag govuk-tag--blue",
    };

    public static string RequestStatus(RequestStatus status) => status switch
    {
        Core.Domain.RequestStatus.Open => "govuk-tag govuk-tag--grey",
        Core.Domain.RequestStatus.Searching => "govuk-tag govuk-tag--light-blue",
        Core.Domain.RequestStatus.Placed => "govuk-tag govuk-tag--green",
        _ => "govuk-tag govuk-tag--grey",
    };

    public static string RequestStatusText(RequestStatus status) => status switch
    {
        Core.Domain.RequestStatus.Open => "Not yet referred",
        Core.Domain.RequestStatus.Searching => "Searching",
        Core.Domain.RequestStatus.Placed => "Placed",
        _ => "Closed",
    };

    public static string ReferralStatus(ReferralStatus status) => status switch
    {
        Core.Domain.ReferralStatus.Sent => "govuk-tag govuk-tag--light-blue",
        Core.Domain.ReferralStatus.Offered => "govuk-tag govuk-tag--green",
        Core.Domain.ReferralStatus.Accepted => "govuk-tag govuk-tag--green",
        Core.Domain.ReferralStatus.Declined => "govuk-tag govuk-tag--grey",
        Core.Domain.ReferralStatus.NoResponse => "govuk-tag govuk-tag--red",
        _ => "govuk-tag govuk-tag--grey",
    };

    public static string ReferralStatusText(ReferralStatus status) => status switch
    {
        Core.Domain.ReferralStatus.Sent => "Awaiting response",
        Core.Domain.ReferralStatus.Offered => "Offered",
        Core.Domain.ReferralStatus.Accepted => "Accepted",
        Core.Domain.ReferralStatus.Declined => "Declined",
        Core.Domain.ReferralStatus.NoResponse => "No response",
        Core.Domain.ReferralStatus.Withdrawn => "Withdrawn",
        _ => "Not selected",
    };

    public static string PlacementStatus(PlacementStatus status) => status switch
    {
        Core.Domain.PlacementStatus.Confirmed => "govuk-tag govuk-tag--blue",
        Core.Domain.PlacementStatus.Started => "govuk-tag govuk-tag--green",
        Core.Domain.PlacementStatus.DidNotStart => "govuk-tag govuk-tag--red",
        _ => "govuk-tag govuk-tag--grey",
    };

    public static string Outcome(EligibilityOutcome outcome) => outcome switch
    {
        EligibilityOutcome.Eligible => "govuk-tag govuk-tag--green",
        EligibilityOutcome.NeedsApproval => "govuk-tag govuk-tag--purple",
        _ => "govuk-tag govuk-tag--grey",
    };
}
