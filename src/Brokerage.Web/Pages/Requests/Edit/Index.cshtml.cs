using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Requests;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests.Edit;

/// <summary>A change to a request as the plan changes; referred providers hear of a change to the profile they saw.</summary>
public class IndexModel(BrokerageDbContext db, RequestChangeService changes, BrokerageLinks links) : RequestFormModel, IPageWithState
{
    [FromRoute] public int Id { get; set; }

    /// <summary>The version the page was built from, so a change made meanwhile is not overwritten.</summary>
    [BindProperty] public int Version { get; set; }

    public PlacementRequest PlacementRequest { get; private set; } = null!;

    public IActionResult OnGet()
    {
        if (!PlacementRequest.IsLive)
        {
            this.Success($"Request {PlacementRequest.Reference} is {(PlacementRequest.Status == RequestStatus.Placed ? "placed" : "closed")}, so it can no longer be changed.");
            return Redirect(links.Request(Id));
        }

        Fill(PlacementRequest);
        Version = PlacementRequest.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var version = Version;
        if (ReadOptions() is not { } options)
        {
            return Page();
        }

        var result = await changes.EditAsync(new EditPlacementRequestOptions(Id, version, options, User.Actor()), cancellationToken);
        this.Success(result.Changed.Count == 0
            ? "Nothing was changed."
            : $"Request {result.Request.Reference} changed: {string.Join(", ", result.Changed).ToLowerInvariant()}."
              + (result.ProvidersTold > 0 ? $" {Display.Count(result.ProvidersTold, "provider")} with an open referral {(result.ProvidersTold == 1 ? "has" : "have")} been told." : "")
              + (result.RunMatchingAgain ? " Run matching again: the change affects who fits." : ""));
        return Redirect(links.Request(Id));
    }

    public async Task LoadAsync(CancellationToken cancellationToken) =>
        PlacementRequest = await db.PlacementRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, cancellationToken)
            ?? throw new NotFoundException($"Request {Id} not found");
}
