using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Jobs;

/// <summary>
/// Keeps each setting's arrangement today (<see cref="Setting.Contract"/>, shown in lists and
/// counted by the reports) true as contracts start and end with no one touching the directory.
/// Matching does not wait for it: it judges the contracts themselves on the day a child needs the place.
/// </summary>
public sealed class ContractCalendarJob(BrokerageDbContext db, TimeProvider time)
{
    /// <returns>The number of settings whose arrangement changed.</returns>
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var today = UkTime.Today(time);
        var settings = await db.Settings.AsNoTracking().Include(s => s.Contracts).ThenInclude(c => c.Lot).AsSplitQuery().ToListAsync(cancellationToken);
        var changed = settings.Where(s => s.KeepArrangement(today)).ToList();
        // Only the two cached columns are written, so a placement filling a place meanwhile
        // (PlacesFilled is a concurrency token) neither blocks the sweep nor is undone by it.
        foreach (var setting in changed)
        {
            await db.Settings.Where(s => s.Id == setting.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Contract, setting.Contract).SetProperty(s => s.FrameworkLot, setting.FrameworkLot), cancellationToken);
        }

        return changed.Count;
    }
}
