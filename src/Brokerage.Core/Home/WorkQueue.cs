using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Home;

/// <summary>What a piece of work on someone's home page is.</summary>
public enum WorkKind
{
    NeededSoon,
    Escalated,
    HoldLapsing,
    ReferralDue,
    OfferWaiting,
    ApprovalPending,
    ReviewDue,
    StepOutOption,
    ReferralToAnswer,
    VacancyToConfirm,
    MarketChange,
}

/// <param name="DueAt">The deadline (UTC) it is judged by; none for work without one.</param>
public sealed record WorkItem(WorkKind Kind, string Title, string Detail, DateTime? DueAt, string Href);

/// <summary>
/// Each role's work that needs doing now, most urgent first: what has a deadline, soonest (or most
/// overdue) first, then what has none. The team's work, not one broker's: whoever is free at
/// 4 pm on a Friday picks up the crisis.
/// </summary>
public sealed class WorkQueueService(BrokerageDbContext db, TimeProvider time, BrokerageLinks links, RuleSet rules)
{
    /// <summary>A request needed within this many hours without an accepted offer is on the broker's list.</summary>
    public const int NeededWithinHours = 4;

    /// <summary>A referral whose answer is due within this many hours is on the broker's list.</summary>
    public const int AnswerWithinHours = 2;

    /// <summary>Step-out options and market changes of the last this many days are shown.</summary>
    public const int RecentDays = 7;

    public async Task<IReadOnlyList<WorkItem>> ForBrokerAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var items = new List<WorkItem>();
        var open = await db.PlacementRequests.AsNoTracking()
            .Where(r => r.Status == RequestStatus.Open || r.Status == RequestStatus.Searching)
            .Select(r => new { r.Id, r.Reference, r.ChildReference, r.Urgency, r.RequiredFrom, r.EscalatedAt })
            .ToListAsync(cancellationToken);
        var soon = now.AddHours(NeededWithinHours);
        items.AddRange(open.Where(r => r.RequiredFrom <= soon).Select(r => new WorkItem(
            WorkKind.NeededSoon, $"{r.Reference} needs a placement", $"{Display.Urgency(r.Urgency)} request for child {r.ChildReference}, no offer accepted", r.RequiredFrom, links.Request(r.Id))));
        items.AddRange(open.Where(r => r.EscalatedAt != null).Select(r => new WorkItem(
            WorkKind.Escalated, $"{r.Reference} was escalated", $"No offer by its escalate-at; the search has been widened", r.EscalatedAt, links.Request(r.Id))));

        var endOfToday = UkTime.ToUtc(UkTime.Today(time).AddDays(1).ToDateTime(TimeOnly.MinValue));
        var offers = await db.Referrals.AsNoTracking()
            .Where(r => r.Offer != null && (r.Offer.Status == OfferStatus.Open || r.Offer.Status == OfferStatus.HeldInPrinciple)
                && (r.PlacementRequest.Status == RequestStatus.Searching || r.PlacementRequest.Status == RequestStatus.Open))
            .Select(r => new { r.PlacementRequestId, r.PlacementRequest.Reference, r.PlacementRequest.RequiredFrom, Setting = r.Setting.Name, r.Offer!.Status, r.Offer.HeldUntil })
            .ToListAsync(cancellationToken);
        items.AddRange(offers.Where(o => o.Status == OfferStatus.Open).Select(o => new WorkItem(
            WorkKind.OfferWaiting, $"Offer from {o.Setting} on {o.Reference}", "Waiting for a decision", o.RequiredFrom, links.Offers(o.PlacementRequestId))));
        items.AddRange(offers.Where(o => o.Status == OfferStatus.HeldInPrinciple && o.HeldUntil < endOfToday).Select(o => new WorkItem(
            WorkKind.HoldLapsing, $"Hold at {o.Setting} on {o.Reference} lapses today", "Accept the offer or let it go", o.HeldUntil, links.Offers(o.PlacementRequestId))));

        var answerBy = now.AddHours(AnswerWithinHours);
        var referrals = await db.Referrals.AsNoTracking()
            .Where(r => r.Status == ReferralStatus.Sent && r.RespondBy <= answerBy)
            .Select(r => new { r.PlacementRequestId, r.PlacementRequest.Reference, Setting = r.Setting.Name, Provider = r.Setting.Provider.Name, r.RespondBy })
            .ToListAsync(cancellationToken);
        items.AddRange(referrals.Select(r => new WorkItem(
            WorkKind.ReferralDue, $"{r.Provider} owes an answer on {r.Reference}", $"Referral to {r.Setting}", r.RespondBy, links.Request(r.PlacementRequestId))));

        items.AddRange(await PendingApprovalsAsync(cancellationToken));

        var since = now.AddDays(-RecentDays);
        var options = await db.StepOutAlerts.AsNoTracking()
            .Where(a => a.FoundAt >= since && (a.Placement.Status == PlacementStatus.Confirmed || a.Placement.Status == PlacementStatus.Started) && a.Placement.EndDate == null)
            .GroupBy(a => new { a.Placement.PlacementRequestId, a.Placement.PlacementRequest.ChildReference, Setting = a.Placement.Setting.Name })
            .Select(g => new { g.Key.PlacementRequestId, g.Key.ChildReference, g.Key.Setting, Count = g.Count() })
            .ToListAsync(cancellationToken);
        items.AddRange(options.Select(o => new WorkItem(
            WorkKind.StepOutOption, $"A regulated option for child {o.ChildReference}", $"{Display.Count(o.Count, "setting")} with a place fit better than {o.Setting}", null, links.Placement(o.PlacementRequestId))));
        return Ordered(items);
    }

    public async Task<IReadOnlyList<WorkItem>> ForAssistantDirectorAsync(CancellationToken cancellationToken = default)
    {
        var items = new List<WorkItem>(await PendingApprovalsAsync(cancellationToken));
        var inAWeek = UkTime.Today(time).AddDays(RecentDays);
        var reviews = await db.ApprovalRequests.AsNoTracking()
            .Where(a => (a.Status == ApprovalStatus.Approved || a.Status == ApprovalStatus.ApprovedWithConditions) && a.NextReviewDate != null && a.NextReviewDate <= inAWeek)
            .Select(a => new { a.Id, a.Reference, a.PlacementRequest.ChildReference, Setting = a.Setting.Name, a.NextReviewDate })
            .ToListAsync(cancellationToken);
        items.AddRange(reviews.Select(a => new WorkItem(
            WorkKind.ReviewDue, $"Review {a.Reference} for child {a.ChildReference}", $"Unregulated placement at {a.Setting}", UkTime.ToUtc(a.NextReviewDate!.Value.AddDays(1).ToDateTime(TimeOnly.MinValue)), links.Approval(a.Id))));
        return Ordered(items);
    }

    public async Task<IReadOnlyList<WorkItem>> ForProviderAsync(int providerId, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var items = new List<WorkItem>();
        var referrals = await db.Referrals.AsNoTracking()
            .Where(r => r.ProviderId == providerId && r.Status == ReferralStatus.Sent)
            .Select(r => new { r.Id, Setting = r.Setting.Name, r.RespondBy, r.PlacementRequest.Urgency })
            .ToListAsync(cancellationToken);
        items.AddRange(referrals.Select(r => new WorkItem(
            WorkKind.ReferralToAnswer, $"Referral for {r.Setting}", $"{Display.Urgency(r.Urgency)}: offer a place or decline", r.RespondBy, links.ProviderReferral(r.Id))));
        var staleBefore = now.AddDays(-rules.VacancyScheme.StaleAfterDays);
        var vacancies = await db.Vacancies.AsNoTracking()
            .Where(v => v.ProviderId == providerId && v.Status == VacancyStatus.Open)
            .Select(v => new { v.Id, Setting = v.Setting.Name, v.ConfirmedAt })
            .ToListAsync(cancellationToken);
        // A vacancy goes stale this many days after it was last confirmed: asked for a week before.
        items.AddRange(vacancies.Where(v => v.ConfirmedAt < staleBefore.AddDays(RecentDays)).Select(v => new WorkItem(
            WorkKind.VacancyToConfirm, $"Confirm the vacancy at {v.Setting}", "Say it is still free, or withdraw it", v.ConfirmedAt.AddDays(rules.VacancyScheme.StaleAfterDays), links.ProviderVacancies())));
        return Ordered(items);
    }

    public async Task<IReadOnlyList<WorkItem>> ForCommissionerAsync(CancellationToken cancellationToken = default)
    {
        var since = time.GetUtcNow().UtcDateTime.AddDays(-RecentDays);
        var changes = await db.AuditEvents.AsNoTracking()
            .Where(a => a.OccurredAt >= since && (a.EntityType == nameof(Provider) || a.EntityType == nameof(Setting)))
            .OrderByDescending(a => a.Id)
            .Take(50)
            .Select(a => new { a.EntityType, a.EntityId, a.Action, a.Summary, a.Actor, a.OccurredAt })
            .ToListAsync(cancellationToken);
        return changes.Select(c => new WorkItem(
            WorkKind.MarketChange, c.Summary, $"{Display.Sentence(c.Action)} by {c.Actor}, {UkTime.Format(c.OccurredAt)}", null,
            c.EntityType == nameof(Provider) ? links.DirectoryProvider(c.EntityId ?? 0) : links.DirectorySetting(c.EntityId ?? 0))).ToList();
    }

    private async Task<IReadOnlyList<WorkItem>> PendingApprovalsAsync(CancellationToken cancellationToken)
    {
        var pending = await db.ApprovalRequests.AsNoTracking()
            .Where(a => a.Status == ApprovalStatus.Pending)
            .Select(a => new { a.Id, a.Reference, a.PlacementRequest.ChildReference, a.PlacementRequest.RequiredFrom, Setting = a.Setting.Name })
            .ToListAsync(cancellationToken);
        return [.. pending.Select(a => new WorkItem(
            WorkKind.ApprovalPending, $"Approval {a.Reference} for child {a.ChildReference}", $"Unregulated or unregistered provision at {a.Setting}, waiting for an assistant director", a.RequiredFrom, links.Approval(a.Id)))];
    }

    /// <summary>Deadlines first, the most overdue at the top; then work without one, in the order of its kind.</summary>
    private static List<WorkItem> Ordered(IEnumerable<WorkItem> items) =>
        [.. items.OrderBy(i => i.DueAt is null).ThenBy(i => i.DueAt).ThenBy(i => i.Kind).ThenBy(i => i.Title, StringComparer.Ordinal)];
}
