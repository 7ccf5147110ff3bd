using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Rules;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Vacancies;

/// <summary>Vacancies providers have notified: open ones first, with how many waiting children each could suit.</summary>
public class IndexModel(BrokerageDbContext db, RuleSet rules, TimeProvider time) : PageModel
{
    public IReadOnlyList<Vacancy> Vacancies { get; private set; } = [];
    public int StaleAfterDays => rules.VacancyScheme.StaleAfterDays;
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Vacancies = await db.Vacancies.AsNoTracking()
            .Include(v => v.Setting).Include(v => v.Provider).Include(v => v.Matches)
            .OrderBy(v => v.Status).ThenBy(v => v.ReadyFrom)
            .Take(200)
            .ToListAsync(cancellationToken);
}
