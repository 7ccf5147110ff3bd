using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Rules;
using Brokerage.Core.Vacancies;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Provider.Vacancies;

/// <summary>A provider's vacancies, kept current from one page, with any child profile waiting for an answer.</summary>
public class IndexModel(BrokerageDbContext db, VacancyService vacancies, SchemeService scheme, RuleSet rules, TimeProvider time, BrokerageLinks links) : PageModel, IPageWithState
{
    public const int PageSize = 25;

    /// <summary>Open, offered or in the scheme: what the provider keeps current, in full.</summary>
    public IReadOnlyList<Vacancy> Current { get; private set; } = [];

    /// <summary>Matched, expired or withdrawn, a page at a time.</summary>
    public IReadOnlyList<Vacancy> Earlier { get; private set; } = [];

    public Pagination Paging { get; private set; } = null!;
    public int StaleAfterDays => rules.VacancyScheme.StaleAfterDays;
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    private int ProviderId => User.ProviderIdOf()!.Value;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostConfirmAsync(int? vacancyId, CancellationToken cancellationToken)
    {
        var count = await vacancies.ConfirmCurrentAsync(ProviderId, vacancyId, User.Actor(), cancellationToken);
        this.Success(count == 1 ? "Vacancy confirmed as current." : $"{count} vacancies confirmed as current.");
        return Redirect(links.ProviderVacancies());
    }

    public async Task<IActionResult> OnPostWithdrawAsync(int vacancyId, CancellationToken cancellationToken)
    {
        await vacancies.WithdrawAsync(ProviderId, vacancyId, User.Actor(), cancellationToken);
        this.Success("Vacancy withdrawn.");
        return Redirect(links.ProviderVacancies());
    }

    public async Task<IActionResult> OnPostProfileAsync(int vacancyId, bool confirm, CancellationToken cancellationToken)
    {
        await scheme.AnswerProfileAsync(ProviderId, vacancyId, confirm, User.Actor(), cancellationToken);
        this.Success(confirm ? "Match confirmed. The authority has been told and will contact you." : "Match declined. The vacancy goes to the next authority while your hold lasts.");
        return Redirect(links.ProviderVacancies());
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var own = db.Vacancies.AsNoTracking().Where(v => v.ProviderId == ProviderId);
        Current = await own.Include(v => v.Setting).Include(v => v.RotaOffers).ThenInclude(o => o.SchemeAuthority).Current().ToListAsync(cancellationToken);
        Paging = Pagination.For(Request, await own.Earlier().CountAsync(cancellationToken), PageSize, "earlier");
        Earlier = await own.Include(v => v.Setting).Earlier().Skip(Paging.Skip).Take(PageSize).ToListAsync(cancellationToken);
    }
}
