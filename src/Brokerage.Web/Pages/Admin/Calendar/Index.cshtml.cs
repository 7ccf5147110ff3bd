using Brokerage.Core;
using Brokerage.Core.Auditing;
using Brokerage.Core.Data;
using Brokerage.Core.Rules;
using Brokerage.Core.Scheduling;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Admin.Calendar;

/// <summary>Shows the working-day calendar in force and lets an admin replace the bank holidays file.</summary>
public class IndexModel(RuleSet rules, RuleSetSource source, RulesLocation location, BrokerageDbContext db, TimeProvider time) : PageModel
{
    public const string BankHolidaysFile = "bank-holidays.json";
    private const long MaxUploadBytes = 1_000_000;

    public WorkingCalendar Calendar => rules.Calendar;
    public IReadOnlyList<DateOnly> Upcoming { get; private set; } = [];
    public bool RunningOut { get; private set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public void OnGet() => Load();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Load();
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Select a bank holidays file");
            return Page();
        }

        if (Upload.Length > MaxUploadBytes)
        {
            ModelState.AddModelError(nameof(Upload), "The file must be smaller than 1 MB");
            return Page();
        }

        // Check the new file beside a copy of the working hours before it replaces anything.
        var calendarDirectory = Path.Combine(location.Directory, RuleSet.CalendarFolder);
        var staging = Directory.CreateTempSubdirectory("brokerage-calendar-");
        try
        {
            System.IO.File.Copy(Path.Combine(calendarDirectory, WorkingCalendar.WorkingHoursFile), Path.Combine(staging.FullName, WorkingCalendar.WorkingHoursFile));
            var staged = Path.Combine(staging.FullName, BankHolidaysFile);
            await using (var stream = System.IO.File.Create(staged))
            {
                await Upload.CopyToAsync(stream, cancellationToken);
            }

            WorkingCalendar checkedCalendar;
            try
            {
                checkedCalendar = WorkingCalendar.Load(staging.FullName);
            }
            catch (RuleFileException ex)
            {
                ModelState.AddModelError(nameof(Upload), "The file is not a bank holidays feed Brokerage can use: " + ex.Reason);
                return Page();
            }

            var target = Path.Combine(calendarDirectory, BankHolidaysFile);
            System.IO.File.Copy(staged, target + ".new", overwrite: true);
            System.IO.File.Move(target + ".new", target, overwrite: true);
            db.Audit(time.GetUtcNow().UtcDateTime, User.Actor(), "BankHolidaysReplaced", $"Bank holidays file replaced; dates now known until {checkedCalendar.BankHolidaysKnownUntil?.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
            // Deadlines use the new dates from now on: the calendar is part of the rules.
            var reload = source.Reload(time.GetUtcNow().UtcDateTime);
            db.Audit(reload.At, User.Actor(), reload.Succeeded ? "RulesReloaded" : "RulesReloadRefused", reload.Summary);
            await db.SaveChangesAsync(cancellationToken);
            TempData["Success"] = reload.Succeeded
                ? "Bank holidays file saved. Deadlines set from now on use the new dates."
                : "Bank holidays file saved, but the rules could not be reloaded: " + reload.Summary;
            return Redirect("/admin/calendar");
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private void Load()
    {
        var today = UkTime.Today(time);
        Upcoming = Calendar.BankHolidays.Where(d => d >= today).Order().Take(8).ToList();
        RunningOut = Calendar.BankHolidaysKnownUntil is not { } last || last < today.AddMonths(6);
    }
}
