using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Jobs;

/// <summary>
/// Ends the placements whose recorded end date has come (the provider's notice ran out, a planned
/// move happened) and gives their places back, so the directory's free places are true the
/// morning after a child leaves. Each placement is ended in its own transaction, claimed by its
/// version: a sweep repeated, or run on two nodes, ends each once.
/// </summary>
public sealed class PlacementEndingsJob(BrokerageDbContext db, TimeProvider time, PlacementLifecycleService placements)
{
    public const string Actor = "system: placement endings";

    /// <returns>The number of placements ended.</returns>
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var today = UkTime.Today(time);
        var due = await db.Placements.AsNoTracking()
            .Where(p => p.Status == PlacementStatus.Started && p.EndDate != null && p.EndDate <= today)
            .OrderBy(p => p.EndDate).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.Version })
            .Take(500)
            .ToListAsync(cancellationToken);
        var ended = 0;
        foreach (var item in due)
        {
            await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
            // The claim: only the sweep that moves the version on ends the placement.
            if (await db.Placements.Where(p => p.Id == item.Id && p.Version == item.Version && p.Status == PlacementStatus.Started)
                    .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, PlacementStatus.Ended).SetProperty(p => p.Version, item.Version + 1), cancellationToken) == 0)
            {
                continue;
            }

            var placement = await db.Placements.Include(p => p.PlacementRequest).Include(p => p.Setting).FirstAsync(p => p.Id == item.Id, cancellationToken);
            var now = time.GetUtcNow().UtcDateTime;
            await placements.FinishAsync(placement, now, Actor, cancellationToken);
            Auditing.AuditLog.Audit(db, now, Actor, "PlacementEnded", $"The placement at {placement.Setting.Name} ended on {UkTime.Format(placement.EndDate!.Value)}, as recorded", placement.PlacementRequestId, nameof(Placement), placement.Id, before: "Started", after: "Ended");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            ended++;
        }

        return ended;
    }
}
