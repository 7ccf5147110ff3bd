using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Web.Pages.Requests.Placement;

public class EndModel(PlacementService placements, PlacementLifecycleService lifecycle, TimeProvider time, BrokerageLinks links) : PlacementActionModel(placements)
{
    [BindProperty] public DateParts EndDate { get; set; } = new();
    [BindProperty] public bool? Planned { get; set; }
    [BindProperty] public EndReason? Reason { get; set; }
    [BindProperty] public DateParts NoticeGivenOn { get; set; } = new();
    [BindProperty] public string? Details { get; set; }
    [BindProperty] public bool? Move { get; set; }

    public DateOnly Today { get; private set; }

    public void OnGet() => Today = UkTime.Today(time);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Today = UkTime.Today(time);
        ModelState.Clear();
        // Read in the order the fields appear; what needs more than one field is Core's to judge.
        var end = ModelState.ReadDate(EndDate, nameof(EndDate), "the date the placement ends");
        if (Planned is null)
        {
            ModelState.AddModelError(nameof(Planned), "Select whether the ending was planned");
        }

        if (Reason is null)
        {
            ModelState.AddModelError(nameof(Reason), "Select why the placement is ending");
        }

        var notice = ModelState.ReadDate(NoticeGivenOn, nameof(NoticeGivenOn), "the date the provider gave notice", required: Reason == EndReason.ProviderNotice);
        if (Reason == EndReason.Other && string.IsNullOrWhiteSpace(Details))
        {
            ModelState.AddModelError(nameof(Details), "Enter why the placement is ending");
        }

        ModelState.ReadText(Details, nameof(Details), "the details");
        if (Move is null)
        {
            ModelState.AddModelError(nameof(Move), "Select whether the child needs another placement");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var (placement, move) = await lifecycle.EndAsync(new EndPlacementOptions(Id, Version, end, Planned, Reason, Details, notice, Move == true, User.Actor()), cancellationToken);
        if (move is not null)
        {
            this.Success($"The ending of the placement at {placement.Setting.Name} is recorded. Request {move.Reference} has been raised for the move, filled in from the last request: check it, then find matching placements.");
            return Redirect(links.Request(move.Id));
        }

        this.Success($"The ending of the placement at {placement.Setting.Name} is recorded.");
        return Redirect(links.Placement(Id));
    }
}
