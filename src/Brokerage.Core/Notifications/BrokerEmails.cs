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

    /// <summary>
    /// To the broker who owns the child's placement (and the assistant directors, for unregulated
    /// provision), when the step-out watch finds regulated settings that now fit the child.
    /// </summary>
    /// <param name="registration">The current setting's registration today.</param>
    public Email StepOutOptions(Placement placement, Setting here, Registration registration, DateOnly today, WatchReasons reasons, IReadOnlyList<(Setting Setting, decimal Score, string WhyItFits)> options)
    {
        var request = placement.PlacementRequest;
        var why = string.Join(" and ", new[]
        {
            reasons.HasFlag(WatchReasons.Unregulated) ? $"{Display.Registration(registration).ToLowerInvariant()} provision" : null,
            reasons.HasFlag(WatchReasons.Interim) ? "an interim placement" : null,
            reasons.HasFlag(WatchReasons.NotTheTypeWanted) ? $"not the type of placement the plan prefers ({Display.PlacementType(request.PlacementType).ToLowerInvariant()})" : null,
        }.Where(w => w is not null));
        var total = options.Count;
        var listed = string.Join("\n\n", options.Select(o =>
            $"- {o.Setting.Name} ({o.Setting.Provider.Name}): {Display.PlacementType(o.Setting.Type)}, {Display.Registration(o.Setting.Registration)}, rated {Display.Rating(o.Setting.Rating)}, scores {o.Score:0.#}.\n  Why it fits: {o.WhyItFits}."));
        return new(
            $"Regulated option for child {request.ChildReference} at {here.Name}",
            $"""
            Child {request.ChildReference} (request {request.Reference}) {(placement.StartDate > today ? "is to move to" : "has been at")} {here.Name} {(placement.StartDate > today ? "on" : "since")} {UkTime.Format(placement.StartDate)}: {why}.

            {Display.Count(total, "regulated setting")} with a place now {(total == 1 ? "fits" : "fit")} the child better, by the council's rules:

            {listed}

            See the options and, if the child should move, end the placement with a move:
            {links.Absolute(links.Placement(request.Id))}

            {SignOff}
            """);
    }

    private string SignOff => council.Value.SignOff;
}
