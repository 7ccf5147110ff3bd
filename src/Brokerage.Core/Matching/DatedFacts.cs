using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Matching;

/// <summary>The dated facts matching judges a setting on: its contracts and the places it has out of use.</summary>
public static class DatedFacts
{
    /// <summary>
    /// Fills <see cref="Setting.Contracts"/> (with their lots) and <see cref="Setting.Unavailability"/>
    /// on settings read without tracking, in two queries whatever their number. Read fresh each time,
    /// so a change in the directory counts in the next matching run.
    /// </summary>
    public static async Task LoadDatedFactsAsync(this BrokerageDbContext db, IReadOnlyCollection<Setting> settings, DateOnly today, CancellationToken cancellationToken)
    {
        if (settings.Count == 0)
        {
            return;
        }

        // A tracked setting is about to be saved: its collections are loaded through the context, so
        // that nothing read here looks like a new row to it.
        var tracked = settings.Where(s => db.Entry(s).State != EntityState.Detached).ToList();
        foreach (var setting in tracked)
        {
            var entry = db.Entry(setting);
            await entry.Collection(s => s.Contracts).Query().Include(c => c.Lot).LoadAsync(cancellationToken);
            await entry.Collection(s => s.Unavailability).LoadAsync(cancellationToken);
        }

        settings = settings.Except(tracked).ToList();
        if (settings.Count == 0)
        {
            return;
        }

        var ids = settings.Select(s => s.Id).Distinct().ToList();
        // A filter on thousands of ids costs more than reading every row of tables this small.
        var all = ids.Count > 500;
        var contracts = (await db.SettingContracts.AsNoTracking().Include(c => c.Lot)
                .Where(c => all || ids.Contains(c.SettingId))
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.SettingId);
        var unavailable = (await db.PlaceUnavailabilities.AsNoTracking()
                .Where(u => u.Until >= today && (all || ids.Contains(u.SettingId)))
                .ToListAsync(cancellationToken))
            .ToLookup(u => u.SettingId);
        foreach (var setting in settings)
        {
            setting.Contracts = [.. contracts[setting.Id]];
            setting.Unavailability = [.. unavailable[setting.Id]];
        }
    }
}
