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
        var settings = await db.Settings.Include(s => s.Contracts).ThenInclude(c => c.Lot).AsSplitQuery().ToListAsync(cancellationToken);
        var changed = settings.Count(s => s.KeepArrangement(today));
        if (changed > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return changed;
    }
}
