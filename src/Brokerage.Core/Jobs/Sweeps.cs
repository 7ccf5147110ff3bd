using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Jobs;

/// <summary>
/// The sweeps that keep a child's search moving (chases, respond-by, escalation, holds, reviews,
/// the scheme), by their recurring job ids, and the record of when each last succeeded.
/// </summary>
public static class Sweeps
{
    public const string ReferralDeadlines = "referral-deadlines";
    public const string SearchEscalation = "search-escalation";
    public const string OfferHolds = "offer-holds";
    public const string ApprovalReviews = "approval-reviews";
    public const string VacancyScheme = "vacancy-scheme";
    public const string PlacementEndings = "placement-endings";
    public const string StepOutWatch = "step-out-watch";

    public static readonly IReadOnlyList<string> Deadline = [ReferralDeadlines, SearchEscalation, OfferHolds, ApprovalReviews, VacancyScheme, PlacementEndings, StepOutWatch];

    /// <summary>Records that a sweep finished; one row per sweep, whichever node ran it.</summary>
    public static void RecordSuccess(this BrokerageDbContext db, string name, DateTime at)
    {
        if (db.SweepRuns.Where(r => r.Name == name).ExecuteUpdate(u => u.SetProperty(r => r.LastSucceededAt, at)) > 0)
        {
            return;
        }

        db.SweepRuns.Add(new SweepRun { Name = name, LastSucceededAt = at });
        try
        {
            db.SaveChanges();
        }
        catch (DbUpdateException)
        {
            // Another node recorded its first run at the same moment: its row stands.
        }
    }

    /// <summary>The sweeps that last succeeded at or before <paramref name="deadline"/>, or never, each with when it last did.</summary>
    public static async Task<IReadOnlyList<(string Name, DateTime? LastSucceededAt)>> LateAsync(this BrokerageDbContext db, DateTime deadline, CancellationToken cancellationToken)
    {
        var runs = await db.SweepRuns.AsNoTracking().ToDictionaryAsync(r => r.Name, r => r.LastSucceededAt, cancellationToken);
        return [.. Deadline
            .Select(name => (Name: name, LastSucceededAt: runs.TryGetValue(name, out var at) ? at : (DateTime?)null))
            .Where(r => r.LastSucceededAt is null || r.LastSucceededAt <= deadline)];
    }
}
