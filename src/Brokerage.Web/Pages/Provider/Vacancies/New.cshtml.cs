using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Vacancies;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Pages.Provider.Vacancies;

public class NewModel(BrokerageDbContext db, VacancyService vacancies, BrokerageLinks links, IOptions<CouncilOptions> council) : PageModel, IPageWithState
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

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Binding's own messages would repeat what was typed; each field is read and worded below or by the service.
        ModelState.Clear();
        // An empty box is left to the service, whose message gives the range allowed (as the API's does).
        var places = ModelState.ReadWholeNumber(Places, nameof(Places), "the number of places", "2", required: false);
        var minAge = ModelState.ReadWholeNumber(MinAge, nameof(MinAge), "the youngest age", "5", required: false);
        var maxAge = ModelState.ReadWholeNumber(MaxAge, nameof(MaxAge), "the oldest age", "12", required: false);
        var readyFrom = ModelState.ReadDate(ReadyFrom, nameof(ReadyFrom), "the date the place is ready");
        var readyBy = ModelState.ReadDate(ReadyBy, nameof(ReadyBy), "the end of the window", required: false);
        var weeklyCost = ModelState.ReadWeeklyCost(WeeklyCost, nameof(WeeklyCost), "the weekly cost");
        var options = new NotifyVacancyOptions
        {
            ProviderId = User.ProviderIdOf()!.Value,
            SettingId = SettingId,
            Places = places,
            MinAge = minAge,
            MaxAge = maxAge,
            Genders = Genders,
            CanMeet = CanMeet.Aggregate(Needs.None, (all, n) => all | n),
            ReadyFrom = readyFrom,
            ReadyBy = readyBy,
            WeeklyCost = weeklyCost,
            Notes = Notes,
            Actor = User.Actor(),
        };
        if (!ModelState.IsValid)
        {
            // The service judges the boxes that could be read, so every error shows at once. The ages
            // are judged as a pair, so a box the page could not read stands for both.
            var judged = ModelState.Keys.Select(key => key == nameof(MaxAge) ? nameof(MinAge) : key).ToHashSet();
            ModelState.AddFieldErrors((await vacancies.CheckAsync(options, cancellationToken)).Where(e => !judged.Contains(e.Field)));
            return Page();
        }

        var vacancy = await vacancies.NotifyAsync(options, cancellationToken);
        this.Success($"Vacancy at {vacancy.Setting.Name} sent to {council.Value.ShortName}. It has been matched against the children waiting.");
        return Redirect(links.ProviderVacancies());
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var providerId = User.ProviderIdOf()!.Value;
        Settings = await db.Settings.AsNoTracking().Where(s => s.ProviderId == providerId).OrderBy(s => s.Name).ToListAsync(cancellationToken);
    }
}
