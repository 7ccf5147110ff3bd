using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Placements;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Web.Pages.Requests.Placement;

public class ArrivalModel(PlacementService placements, PlacementLifecycleService lifecycle, TimeProvider time, BrokerageLinks links) : PlacementActionModel(placements)
{
    [BindProperty] public DateParts Arrived { get; set; } = new();
    [BindProperty] public string? ArrivedTime { get; set; }

    public override string FieldKey(string domainField) => domainField == nameof(RecordArrivalOptions.ArrivedAt) ? nameof(Arrived) : domainField;

    public void OnGet() => Arrived = DateParts.From(UkTime.Today(time));

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var arrived = ModelState.ReadDateAndTime(Arrived, ArrivedTime, nameof(Arrived), "the date the child arrived", "the time the child arrived");
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var placement = await lifecycle.RecordArrivalAsync(new RecordArrivalOptions(Id, Version, arrived, User.Actor()), cancellationToken);
        this.Success($"The child's arrival at {placement.Setting.Name} is recorded. Request {placement.PlacementRequest.Reference} is closed.");
        return Redirect(links.Placement(Id));
    }
}
