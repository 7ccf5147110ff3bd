using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Rules;
using Brokerage.Core.Scheduling;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Admin.Calendar;

/// <summary>Shows the working-day calendar in force and lets an admin replace the bank holidays file.</summary>
public class IndexModel(RuleSet rules, RuleFilesService ruleFiles, TimeProvider time, BrokerageLinks links) : PageModel, IPageWithState, IPageWithFieldNames
{
    private const long MaxUploadBytes = 1_000_000;

    public WorkingCalendar Calendar => rules.Calendar;
    public IReadOnlyList<DateOnly> Upcoming { get; private set; } = [];
    public bool RunningOut { get; private set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), "Select a bank holidays file");
        }
        else if (Upload.Length > MaxUploadBytes)
        {
            ModelState.AddModelError(nameof(Upload), "The file must be smaller than 1 MB");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await using var file = Upload!.OpenReadStream();
        var reload = await ruleFiles.ReplaceBankHolidaysAsync(new ReplaceBankHolidaysOptions(file, User.Actor()), cancellationToken);
        this.Success(reload.Succeeded
            ? "Bank holidays file saved. Deadlines set from now on use the new dates."
            : "Bank holidays file saved, but the rules could not be reloaded: " + reload.Summary);
        return Redirect(links.Calendar());
    }

    public string FieldKey(string domainField) =>
        domainField == nameof(ReplaceBankHolidaysOptions.BankHolidays) ? nameof(Upload) : domainField;

    public Task LoadAsync(CancellationToken cancellationToken)
    {
        var today = UkTime.Today(time);
        Upcoming = Calendar.BankHolidays.Where(d => d >= today).Order().Take(8).ToList();
        RunningOut = Calendar.BankHolidaysKnownUntil is not { } last || last < today.AddMonths(6);
        return Task.CompletedTask;
    }
}
