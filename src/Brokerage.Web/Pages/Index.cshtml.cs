using Brokerage.Core.Common;
using Brokerage.Core.Home;
using Brokerage.Core.Identity;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages;

/// <summary>
/// A signed-in user's home: the work that needs them, most urgent first, each item linking to
/// where it is done. Everyone else sees what the service is and how to sign in.
/// </summary>
public class IndexModel(BrokerageLinks links, WorkQueueService work, TimeProvider time) : PageModel
{
    public sealed record Section(string Heading, string Empty, IReadOnlyList<WorkItem> Items);

    public IReadOnlyList<Section> Sections { get; private set; } = [];

    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Page();
        }

        Now = time.GetUtcNow().UtcDateTime;
        var sections = new List<Section>();
        if (User.IsInRole(Roles.Broker))
        {
            sections.Add(new("Placements team", "Nothing needs the team now: no request due within four hours, no offer or approval waiting.", await work.ForBrokerAsync(cancellationToken)));
        }

        if (User.IsInRole(Roles.AssistantDirector))
        {
            sections.Add(new("Approvals and reviews", "No approval is waiting and no review is due this week.", await work.ForAssistantDirectorAsync(cancellationToken)));
        }

        if (User.IsInRole(Roles.Provider) && User.ProviderIdOf() is { } providerId)
        {
            sections.Add(new("Your referrals and vacancies", "No referral is waiting for your answer and no vacancy needs confirming.", await work.ForProviderAsync(providerId, cancellationToken)));
        }

        if (User.IsInRole(Roles.Commissioner))
        {
            sections.Add(new("Changes in the market this week", "No provider or setting has changed this week.", await work.ForCommissionerAsync(cancellationToken)));
        }

        if (sections.Count == 0)
        {
            // An admin's work is the service's running: the outbox is where trouble shows first.
            return Redirect(links.Outbox());
        }

        Sections = sections;
        return Page();
    }

    public static string KindText(WorkKind kind) => kind switch
    {
        WorkKind.NeededSoon => "Needed soon",
        WorkKind.Escalated => "Escalated",
        WorkKind.HoldLapsing => "Hold lapsing",
        WorkKind.ReferralDue => "Answer due",
        WorkKind.OfferWaiting => "Offer waiting",
        WorkKind.ApprovalPending => "Approval",
        WorkKind.ReviewDue => "Review due",
        WorkKind.StepOutOption => "Step-out option",
        WorkKind.ReferralToAnswer => "Referral",
        WorkKind.VacancyToConfirm => "Vacancy",
        _ => "Change",
    };
}
