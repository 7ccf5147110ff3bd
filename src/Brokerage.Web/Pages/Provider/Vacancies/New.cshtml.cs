using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Vacancies;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Provider.Vacancies;

public class NewModel(BrokerageDbContext db, VacancyService vacancies) : PageModel
{
    public IReadOnlyList<Setting> Settings { get; private set; } = [];

    [BindProperty] public int? SettingId { get; set; }
    [BindProperty] public string? Places { get; set; } = "1";
    [BindProperty] public string? MinAge { get; set; }
    [BindProperty] public string? MaxAge { get; set; }
    [BindProperty] public GendersAccepted Genders { get; set; }
    [BindProperty] public List<Needs> CanMeet { get; set; } = [];
    [BindProperty] public DateParts ReadyFrom { get; set; } = new();
    [BindProperty] public DateParts ReadyBy { get; set; } = new();
    [BindProperty] public string? WeeklyCost { get; set; }
    [BindProperty] public string? Notes { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var readyFrom = Date(ReadyFrom, nameof(ReadyFrom), "date the place is ready");
        var readyBy = Date(ReadyBy, nameof(ReadyBy), "end of the window");
        var options = new NotifyVacancyOptions
        {
            ProviderId = User.ProviderIdOf()!.Value,
            SettingId = SettingId,
            Places = Whole(Places),
            MinAge = Whole(MinAge),
            MaxAge = Whole(MaxAge),
            Genders = Genders,
            CanMeet = CanMeet.Aggregate(Needs.None, (all, n) => all | n),
            ReadyFrom = readyFrom,
            ReadyBy = readyBy,
            WeeklyCost = FormParsing.ParseMoney(WeeklyCost),
            Notes = Notes,
            Actor = User.Actor(),
        };
        try
        {
            if (ModelState.IsValid)
            {
                var vacancy = await vacancies.NotifyAsync(options, cancellationToken);
                TempData["Success"] = $"Vacancy at {vacancy.Setting.Name} sent to Ambershire. It has been matched against the children waiting.";
                return Redirect("/provider/vacancies");
            }
        }
        catch (ValidationFailedException ex)
        {
            ModelState.AddFieldErrors(ex.Errors);
        }
        catch (ConflictException ex)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("", ex.Message);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private static int? Whole(string? text) => int.TryParse(text?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    private DateOnly? Date(DateParts parts, string key, string label)
    {
        if (parts.IsEmpty)
        {
            return null;
        }

        var date = parts.ToDate();
        if (date is null)
        {
            ModelState.AddModelError(key, $"The {label} must be a real date");
        }

        return date;
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var providerId = User.ProviderIdOf()!.Value;
        Settings = await db.Settings.AsNoTracking().Where(s => s.ProviderId == providerId).OrderBy(s => s.Name).ToListAsync(cancellationToken);
    }
}
