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
public class DetailsModel(BrokerageDbContext db, VacancyService vacancies, RuleSet rules, TimeProvider time) : PageModel
{
    public Vacancy Vacancy { get; private set; } = null!;
    public IReadOnlyList<AuditEvent> Timeline { get; private set; } = [];
    public bool IsStale { get; private set; }
    public int StaleAfterDays => rules.VacancyScheme.StaleAfterDays;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostOfferAsync(int id, int requestId, CancellationToken cancellationToken) =>
        await ActAsync(id, async () =>
        {
            await vacancies.OfferToRequestAsync(id, requestId, User.Actor(), cancellationToken);
            TempData["Success"] = "The vacancy is now an offer on this request. Compare it with any others and accept it here.";
            return Redirect($"/requests/{requestId}/offers");
        }, cancellationToken);

    public async Task<IActionResult> OnPostRematchAsync(int id, CancellationToken cancellationToken) =>
        await ActAsync(id, async () =>
        {
            await vacancies.RematchAsync(id, cancellationToken);
            TempData["Success"] = "Matched again against the requests open today.";
            return Redirect($"/vacancies/{id}");
        }, cancellationToken);

    public async Task<IActionResult> OnPostReleaseAsync(int id, CancellationToken cancellationToken) =>
        await ActAsync(id, async () =>
        {
            await vacancies.ReleaseToSchemeAsync(id, User.Actor(), cancellationToken);
            TempData["Success"] = "Released to the regional scheme and offered to the first authority in the rota.";
            return Redirect($"/vacancies/{id}");
        }, cancellationToken);

    private async Task<IActionResult> ActAsync(int id, Func<Task<IActionResult>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ConflictException ex)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("", ex.Message);
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var vacancy = await db.Vacancies.AsNoTracking()
            .Include(v => v.Setting).Include(v => v.Provider)
            .Include(v => v.Matches.OrderBy(m => m.Rank)).ThenInclude(m => m.PlacementRequest)
            .Include(v => v.RotaOffers.OrderBy(o => o.OfferedAt)).ThenInclude(o => o.SchemeAuthority)
            .AsSplitQuery()
            .FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
        if (vacancy is null)
        {
            return false;
        }

        Vacancy = vacancy;
        IsStale = vacancy.IsStale(time.GetUtcNow().UtcDateTime, StaleAfterDays);
        Timeline = await db.AuditEvents.AsNoTracking().Where(a => a.EntityType == nameof(Vacancy) && a.EntityId == id).OrderByDescending(a => a.Id).ToListAsync(cancellationToken);
        return true;
    }
}
