using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Domain;
using Brokerage.Core.Reports;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Notifications;

/// <summary>
/// Email to the placements team about its own searches: to the broker who owns a request, and to
/// the team manager. Each says what happened, what the reader has to do next and links to the page
/// where they do it; each ends by naming the service and the council that sent it.
/// </summary>
public sealed class BrokerEmails(BrokerageLinks links, IOptions<CouncilOptions> council)
{
    /// <summary>To the broker who owns the request, when a provider offers a place.</summary>
    public Email OfferReceived(PlacementRequest request, Setting setting, Offer offer) => new(
        $"Offer received for {request.Reference} from {setting.Provider.Name}",
        $"""
        {setting.Provider.Name} has offered {setting.Name} for {request.Reference} ({Display.Urgency(request.Urgency)}).

        Available from: {UkTime.Format(offer.AvailableFrom)}
        Weekly cost: {Display.Money(offer.WeeklyCost)}

        Compare the offers:
        {links.Absolute(links.Offers(request.Id))}

        {SignOff}
        """);

    /// <summary>To the broker who owns the request, when a referral's respond-by passes unanswered.</summary>
    public Email NoResponse(Referral referral) => new(
        $"No response from {referral.Setting.Provider.Name} on {referral.PlacementRequest.Reference}",
        $"""
        {referral.Setting.Provider.Name} did not answer the referral for {referral.Setting.Name} by {UkTime.Format(referral.RespondBy)}. It is recorded as no response.

        The provider can still answer while the search is open. See the request:
        {links.Absolute(links.Request(referral.PlacementRequestId))}

        {SignOff}
        """);

    /// <summary>To the broker who owns the request, when its escalate-at passes with offers still undecided: the search is not widened.</summary>
    public Email OffersWaiting(PlacementRequest request, int openOffers) => new(
        $"Offers waiting on {request.Reference}",
        $"""
        Request {request.Reference} ({Display.Urgency(request.Urgency)}) has {Display.Count(openOffers, "offer")} waiting for a decision, so the search has not been widened.

        Decide on the offers:
        {links.Absolute(links.Offers(request.Id))}

        {SignOff}
        """);

    /// <summary>To the team manager, when a search reaches its escalate-at with no offer and is widened.</summary>
    public Email Escalation(PlacementRequest request, int referralsSent, int answered) => new(
        $"Escalation: no offer yet for {Display.Urgency(request.Urgency).ToLowerInvariant()} request {request.Reference}",
        $"""
        Request {request.Reference} ({Display.Urgency(request.Urgency)}, {Display.PlacementType(request.PlacementType)} needed from {UkTime.Format(request.RequiredFrom)}) has no offer.

        {Display.Count(referralsSent, "referral")} sent, {answered} answered. The search is being widened automatically.

        See the request:
        {links.Absolute(links.Request(request.Id))}

        {SignOff}
        """);

    /// <summary>To the broker who owns the request, when every widening stage has been tried.</summary>
    public Email SearchExhausted(PlacementRequest request) => new(
        $"Search exhausted for {request.Reference}",
        $"""
        Automatic widening found no further eligible settings for {request.Reference}. Please review the request and decide what to do next.

        {links.Absolute(links.Request(request.Id))}

        {SignOff}
        """);

    /// <summary>
    /// To the team manager, with the digest as a PDF attachment. The subject names the week, so a
    /// second run in the same week finds it already sent.
    /// </summary>
    public Email PlanningForumDigest(PlanningForumDigest digest, DateOnly weekOf) => new(
        "Placements Planning Forum digest, week of " + UkTime.Format(weekOf),
        $"""
        The Placements Planning Forum digest for {council.Value.Name}: {Display.Count(digest.Rows.Count, "open search", "open searches")}, most urgent first.

        The digest is attached, and always up to date online:
        {links.Absolute(links.PlanningForum())}

        {SignOff}
        """);

    private string SignOff => council.Value.SignOff;
}
