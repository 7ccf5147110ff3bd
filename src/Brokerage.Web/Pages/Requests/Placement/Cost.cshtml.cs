using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Web.Pages.Requests.Placement;

public class CostModel(PlacementService placements, PlacementLifecycleService lifecycle, BrokerageLinks links) : PlacementActionModel(placements)
{
    [BindProperty] public DateParts EffectiveFrom { get; set; } = new();
    [BindProperty] public string? WeeklyCost { get; set; }
    [BindProperty] public CostChangeReason? Reason { get; set; }
    [BindProperty] public string? Details { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var from = ModelState.ReadDate(EffectiveFrom, nameof(EffectiveFrom), "the date the new weekly cost applies from");
        var cost = ModelState.ReadWeeklyCost(WeeklyCost, nameof(WeeklyCost), "the new weekly cost");
        if (Reason is null)
        {
            ModelState.AddModelError(nameof(Reason), "Select why the weekly cost changed");
        }

        if (Reason == CostChangeReason.Other && string.IsNullOrWhiteSpace(Details))
        {
            ModelState.AddModelError(nameof(Details), "Enter why the weekly cost changed");
        }

        ModelState.ReadText(Details, nameof(Details), "the details");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var change = await lifecycle.ChangeWeeklyCostAsync(new ChangeWeeklyCostOptions(Id, Version, from, cost, Reason, Details, User.Actor()), cancellationToken);
        this.Success($"The weekly cost is {Display.Money(change.WeeklyCost)} from {UkTime.Format(change.EffectiveFrom)}.");
        return Redirect(links.Placement(Id));
    }
}
