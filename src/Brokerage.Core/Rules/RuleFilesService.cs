using System.Globalization;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Scheduling;

namespace Brokerage.Core.Rules;

/// <param name="BankHolidays">The uploaded file: the government's bank holidays feed.</param>
/// <param name="Actor">How the admin is named in the audit trail.</param>
public sealed record ReplaceBankHolidaysOptions(Stream BankHolidays, string Actor);

/// <summary>
/// What an admin does to the rule files while the app runs: reload them after editing, and replace
/// the bank holidays file. Both are audited, a refused reload included.
/// </summary>
public sealed class RuleFilesService(RuleSetSource source, BrokerageDbContext db, TimeProvider time)
{
    public const string BankHolidaysFile = "bank-holidays.json";

    /// <summary>Takes up edited rule files; a broken one is refused with its file, rule and reason, and the running rules stay.</summary>
    public async Task<RuleReloadOutcome> ReloadAsync(string actor, CancellationToken cancellationToken = default)
    {
        var outcome = Reload(actor);
        await db.SaveChangesAsync(cancellationToken);
        return outcome;
    }

    /// <summary>
    /// Checks the new file beside a copy of the working hours before it replaces anything, then
    /// reloads the rules so that deadlines use the new dates from now on.
    /// </summary>
    /// <returns>The reload that followed: the file is saved even when another rule file stops the reload.</returns>
    public async Task<RuleReloadOutcome> ReplaceBankHolidaysAsync(ReplaceBankHolidaysOptions options, CancellationToken cancellationToken = default)
    {
        var calendarDirectory = Path.Combine(source.Directory, RuleSet.CalendarFolder);
        var staging = Directory.CreateTempSubdirectory("brokerage-calendar-");
        try
        {
            File.Copy(Path.Combine(calendarDirectory, WorkingCalendar.WorkingHoursFile), Path.Combine(staging.FullName, WorkingCalendar.WorkingHoursFile));
            var staged = Path.Combine(staging.FullName, BankHolidaysFile);
            await using (var stream = File.Create(staged))
            {
                await options.BankHolidays.CopyToAsync(stream, cancellationToken);
            }

            var knownUntil = Check(staging.FullName).BankHolidaysKnownUntil;
            var target = Path.Combine(calendarDirectory, BankHolidaysFile);
            File.Copy(staged, target + ".new", overwrite: true);
            File.Move(target + ".new", target, overwrite: true);
            db.Audit(time.GetUtcNow().UtcDateTime, options.Actor, "BankHolidaysReplaced",
                $"Bank holidays file replaced; dates now known until {knownUntil?.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) ?? "none"}");
            var outcome = Reload(options.Actor);
            await db.SaveChangesAsync(cancellationToken);
            return outcome;
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private RuleReloadOutcome Reload(string actor)
    {
        var outcome = source.Reload(time.GetUtcNow().UtcDateTime);
        db.Audit(outcome.At, actor, outcome.Succeeded ? "RulesReloaded" : "RulesReloadRefused", outcome.Summary);
        return outcome;
    }

    private static WorkingCalendar Check(string calendarDirectory)
    {
        try
        {
            return WorkingCalendar.Load(calendarDirectory);
        }
        catch (RuleFileException ex)
        {
            throw ValidationFailedException.For(nameof(ReplaceBankHolidaysOptions.BankHolidays), "The file is not a bank holidays feed Brokerage can use: " + ex.Reason);
        }
    }
}
