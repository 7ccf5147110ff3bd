using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Infrastructure;

/// <summary>
/// The form that records places out of use, for a commissioner (the directory) and a provider
/// (its own settings) alike: one set of fields, one reading of them (Pages/Shared/_PlacesOutOfUseForm.cshtml).
/// </summary>
public abstract class PlacesOutOfUseForm(DirectoryService directory) : PageModel, IPageWithState
{
    [FromRoute] public int SettingId { get; set; }

    [BindProperty] public string? Places { get; set; } = "1";
    [BindProperty] public UnavailableReason? Reason { get; set; }
    [BindProperty] public string? Detail { get; set; }
    [BindProperty] public DateParts From { get; set; } = new();
    [BindProperty] public DateParts Until { get; set; } = new();

    public Setting Setting { get; protected set; } = null!;

    /// <summary>Where the form goes back to, and on to once saved.</summary>
    public abstract string BackLink { get; }

    public abstract Task LoadAsync(CancellationToken cancellationToken);

    protected abstract DirectoryActor Actor { get; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var details = new UnavailableDetails
        {
            Places = ModelState.ReadWholeNumber(Places, nameof(Places), "the number of places out of use", "1", required: false),
            Reason = Reason,
            Detail = ModelState.ReadText(Detail, nameof(Detail), "the reason"),
            From = ModelState.ReadDate(From, nameof(From), "the first day the places are out of use", required: false),
            Until = ModelState.ReadDate(Until, nameof(Until), "the last day the places are out of use", required: false),
        };
        if (!ModelState.IsValid)
        {
            var judged = ModelState.Keys.ToHashSet();
            ModelState.AddFieldErrors((await directory.CheckUnavailableAsync(SettingId, details, Actor, cancellationToken)).Where(e => !judged.Contains(e.Field)));
            return Page();
        }

        var entry = await directory.RecordUnavailableAsync(SettingId, details, Actor, cancellationToken);
        this.Success($"{Core.Common.Display.Count(entry.Places, "place")} at {Setting.Name} out of use {DirectoryService.Period(entry.From, entry.Until)}. Matching will not offer them to a child in that time.");
        return Redirect(BackLink);
    }
}
