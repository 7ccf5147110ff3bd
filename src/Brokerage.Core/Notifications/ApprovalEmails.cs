using Brokerage.Core.Common;
using Brokerage.Core.Domain;

namespace Brokerage.Core.Notifications;

/// <summary>
/// Email about unregulated-placement approvals, all to council staff: the assistant directors'
/// mailbox when a decision is needed or a review is due, the broker who asked when it is decided,
/// and the director when a review is overdue. Each links to the page where the reader acts.
/// Every method needs the approval's request and setting.
/// </summary>
public sealed class ApprovalEmails(BrokerageLinks links)
{
    public Email ApprovalNeeded(ApprovalRequest approval)
    {
        var request = approval.PlacementRequest;
        var urgency = Display.Urgency(request.Urgency);
        var route = approval.Route == ApprovalRoute.Under16Exception ? " on the exceptional route: the child is under 16 and this would breach the 2021 regulations" : "";
        return new(
            $"{urgency} approval needed: {approval.Reference}",
            $"""
            A broker has asked for approval of an unregulated or unregistered placement{route}.

            Approval: {approval.Reference}
            Request: {request.Reference} ({urgency}), needed from {UkTime.Format(request.RequiredFrom)}
            Setting: {approval.Setting.Name} ({Display.Registration(approval.Registration)})
            Grounds: {approval.Grounds}

            Decide at {links.Absolute(links.Approval(approval.Id))}
            """);
    }

    /// <summary>To the broker who asked: approved, so the placement can be confirmed, or declined, so the search goes on.</summary>
    public Email Decided(ApprovalRequest approval)
    {
        var request = approval.PlacementRequest;
        var outcome = Display.ApprovalStatus(approval.Status).ToLowerInvariant();
        return new(
            $"Approval {approval.Reference}: {outcome}",
            approval.IsApproved
                ? $"{approval.DecidedBy} has {outcome} the placement at {approval.Setting.Name} for {request.Reference}.{(approval.Conditions is null ? "" : " Conditions: " + approval.Conditions)} You can now confirm the placement: {links.Absolute(links.Offers(request.Id))}"
                : $"{approval.DecidedBy} has declined the placement at {approval.Setting.Name} for {request.Reference}. Reasons: {approval.DecisionReasons}. The provider has been told and the search continues: {links.Absolute(links.Request(request.Id))}");
    }

    /// <summary>To the assistant director who decided and the assistant directors' mailbox, before the review date.</summary>
    public Email ReviewDue(ApprovalRequest approval) => new(
        $"Review due {UkTime.Format(approval.NextReviewDate!.Value)}: unregulated placement {approval.Reference}",
        $"The unregulated placement at {approval.Setting.Name} for {approval.PlacementRequest.Reference} must be reviewed by {UkTime.Format(approval.NextReviewDate!.Value)}. Record the review at {links.Absolute(links.Approval(approval.Id))}");

    /// <summary>To the director, the assistant director who decided and the assistant directors' mailbox, once the review day has closed.</summary>
    public Email ReviewOverdue(ApprovalRequest approval) => new(
        $"Overdue review: unregulated placement {approval.Reference}",
        $"The review of the unregulated placement at {approval.Setting.Name} for {approval.PlacementRequest.Reference} was due on {UkTime.Format(approval.NextReviewDate!.Value)} and has not been recorded. A child is living in unregulated provision without the oversight the council's policy requires. Record the review at {links.Absolute(links.Approval(approval.Id))}");
}
