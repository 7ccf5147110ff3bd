using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Rules;
using Brokerage.Core.Vacancies;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Vacancies;

/// <summary>One vacancy: the waiting children it could suit, ranked with reasons, and its journey through the scheme.</summary>
public class DetailsModel(BrokerageDbContext db, VacancyService vacancies, RuleSet rules, TimeProvider time, BrokerageLinks links) : PageModel, IPageWithState
{
    [FromRoute] public int Id { get; set; }

    public Vacancy Vacancy { get; private set; } = null!;
    public IReadOnlyList<AuditEvent> Timeline { get; private set; } = [];
    public bool IsStale { get; private set; }
    public int StaleAfterDays => rules.VacancyScheme.StaleAfterDays;

    /// <summary>The scheme's windows, as the rules say, for the words on the page.</summary>
    public VacancySchemePolicy Scheme => rules.VacancyScheme;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostOfferAsync(int requestId, CancellationToken cancellationToken)
    {
        await vacancies.OfferToRequestAsync(Id, requestId, User.Actor(), cancellationToken);
        this.Success("The vacancy is now an offer on this request. Compare it with any others and accept it here.");
        return Redirect(links.Offers(requestId));
    }

    public async Task<IActionResult> OnPostRematchAsync(CancellationToken cancellationToken)
    {
        await vacancies.RematchAsync(Id, cancellationToken);
        this.Success("Matched again against the requests open today.");
        return Redirect(links.Vacancy(Id));
    }

    public async Task<IActionResult> OnPostReleaseAsync(CancellationToken cancellationToken)
    {
        await vacancies.ReleaseToSchemeAsync(Id, User.Actor(), cancellationToken);
        this.Success("Released to the regional scheme and offered to the first authority in the rota.");
        return Redirect(links.Vacancy(Id));
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Vacancy = await db.Vacancies.AsNoTracking()
            .Include(v => v.Setting).Include(v => v.Provider)
            .Include(v => v.Matches.OrderBy(m => m.Rank)).ThenInclude(m => m.PlacementRequest)
            .Include(v => v.RotaOffers.OrderBy(o => o.OfferedAt)).ThenInclude(o => o.SchemeAuthority)
            .AsSplitQuery()
            .FirstOrDefaultAsync(v => v.Id == Id, cancellationToken)
            ?? throw new NotFoundException($"Vacancy {Id} not found");
        IsStale = Vacancy.IsStale(time.GetUtcNow().UtcDateTime, StaleAfterDays);
        Timeline = await db.AuditEvents.AsNoTracking().Where(a => a.EntityType == nameof(Vacancy) && a.EntityId == Id).OrderByDescending(a => a.Id).ToListAsync(cancellationToken);
    }
}
