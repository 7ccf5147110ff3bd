using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Rules;
using Brokerage.Core.Vacancies;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Vacancies;

/// <summary>
/// Vacancies providers have notified: every current one, open first, with how many waiting children
/// each could suit; then the earlier ones, a page at a time.
/// </summary>
public class IndexModel(BrokerageDbContext db, RuleSet rules, TimeProvider time) : PageModel, IPageWithState
{
    public const int PageSize = 25;

    public IReadOnlyList<Vacancy> Current { get; private set; } = [];
    public IReadOnlyList<Vacancy> Earlier { get; private set; } = [];
    public Pagination Paging { get; private set; } = null!;
    public int StaleAfterDays => rules.VacancyScheme.StaleAfterDays;
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    public void OnGet()
    {
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var vacancies = db.Vacancies.AsNoTracking().Include(v => v.Setting).Include(v => v.Provider);
        Current = await vacancies.Include(v => v.Matches).Current().ToListAsync(cancellationToken);
        Paging = Pagination.For(Request, await db.Vacancies.Earlier().CountAsync(cancellationToken), PageSize, "earlier");
        Earlier = await vacancies.Earlier().Skip(Paging.Skip).Take(PageSize).ToListAsync(cancellationToken);
    }
}
