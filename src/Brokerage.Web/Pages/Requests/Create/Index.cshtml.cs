using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Requests;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Requests.Create;

public class IndexModel(PlacementRequestService requests, TimeProvider time) : PageModel
{
    // Core names the instants; the page names the date-and-time pairs the broker types them into.
    private static readonly Dictionary<string, string> FieldNames = new()
    {
        [nameof(CreatePlacementRequestOptions.NoticeReceivedAt)] = nameof(NoticeReceived),
    };

    [BindProperty] public string? ChildReference { get; set; }
    [BindProperty] public DateParts DateOfBirth { get; set; } = new();
    [BindProperty] public Gender? Gender { get; set; }
    [BindProperty] public string? Ethnicity { get; set; }
    [BindProperty] public LegalStatus? LegalStatus { get; set; }
    [BindProperty] public bool IsSeparatedChild { get; set; }
    [BindProperty] public List<Needs> Needs { get; set; } = [];
    [BindProperty] public string? HomeLocality { get; set; }
    [BindProperty] public string? HomePostcode { get; set; }
    [BindProperty] public PlacementType? PlacementType { get; set; }
    [BindProperty] public DateParts NoticeReceived { get; set; } = new();
    [BindProperty] public string? NoticeReceivedTime { get; set; }
    [BindProperty] public DateParts RequiredFrom { get; set; } = new();
    [BindProperty] public string? RequiredFromTime { get; set; }
    [BindProperty] public string? WeeklyBudget { get; set; }
    [BindProperty] public string? MaxDistanceMiles { get; set; } = "20";
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Team { get; set; }

    public void OnGet()
    {
        var now = UkTime.ToLocal(time.GetUtcNow().UtcDateTime);
        NoticeReceived = DateParts.From(DateOnly.FromDateTime(now));
        NoticeReceivedTime = now.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Model binding errors are replaced by the page's own GOV.UK messages below.
        ModelState.Clear();

        // Checked in the order the fields appear, so the error summary reads top to bottom.
        if (string.IsNullOrWhiteSpace(ChildReference))
        {
            ModelState.AddModelError(nameof(ChildReference), "Enter the child's reference");
        }

        var dateOfBirth = RequireDate(DateOfBirth, nameof(DateOfBirth), "date of birth");
        Require(Gender, nameof(Gender), "Select the child's gender");
        if (string.IsNullOrWhiteSpace(Ethnicity))
        {
            ModelState.AddModelError(nameof(Ethnicity), "Select the child's ethnicity");
        }

        Require(LegalStatus, nameof(LegalStatus), "Select the child's legal status");
        if (string.IsNullOrWhiteSpace(HomeLocality))
        {
            ModelState.AddModelError(nameof(HomeLocality), "Select the area the child lives in");
        }

        Require(PlacementType, nameof(PlacementType), "Select the type of placement needed");
        var noticeReceived = RequireDateTime(NoticeReceived, NoticeReceivedTime, nameof(NoticeReceived), "date notice was received");
        var requiredFrom = RequireDateTime(RequiredFrom, RequiredFromTime, nameof(RequiredFrom), "date the placement is needed");
        var budget = FormParsing.ParseMoney(WeeklyBudget);
        if (budget is null)
        {
            ModelState.AddModelError(nameof(WeeklyBudget), string.IsNullOrWhiteSpace(WeeklyBudget) ? "Enter the weekly budget" : "Weekly budget must be an amount in pounds, like 950 or 950.50");
        }

        int? distance = int.TryParse(MaxDistanceMiles?.Trim(), out var miles) ? miles : null;
        if (distance is null)
        {
            ModelState.AddModelError(nameof(MaxDistanceMiles), "Preferred maximum distance must be a whole number of miles, like 20");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var request = await requests.CreateAsync(new CreatePlacementRequestOptions
            {
                ChildReference = ChildReference ?? "",
                DateOfBirth = dateOfBirth!.Value,
                Gender = Gender!.Value,
                Ethnicity = Ethnicity!,
                LegalStatus = LegalStatus!.Value,
                IsSeparatedChild = IsSeparatedChild,
                Needs = Needs.Aggregate(Core.Domain.Needs.None, (all, need) => all | need),
                HomeLocality = HomeLocality!,
                HomePostcode = HomePostcode,
                PlacementType = PlacementType!.Value,
                NoticeReceivedAt = noticeReceived!.Value,
                RequiredFrom = requiredFrom!.Value,
                WeeklyBudget = budget!.Value,
                MaxDistanceMiles = distance!.Value,
                Summary = Summary,
                Team = Team,
                CreatedBy = User.Actor(),
            }, cancellationToken);
            TempData["Success"] = $"Request {request.Reference} created. Its urgency is {Display.Urgency(request.Urgency).ToLowerInvariant()}.";
            return Redirect($"/requests/{request.Id}");
        }
        catch (ValidationFailedException ex)
        {
            ModelState.AddFieldErrors(ex.Errors, FieldNames);
            return Page();
        }
    }

    private void Require<T>(T? value, string key, string message)
        where T : struct
    {
        if (value is null)
        {
            ModelState.AddModelError(key, message);
        }
    }

    private DateOnly? RequireDate(DateParts parts, string key, string label)
    {
        if (parts.IsEmpty)
        {
            ModelState.AddModelError(key, $"Enter the {label}");
            return null;
        }

        var date = parts.ToDate();
        if (date is null)
        {
            ModelState.AddModelError(key, $"The {label} must be a real date");
        }

        return date;
    }

    private DateTime? RequireDateTime(DateParts parts, string? timeText, string key, string label)
    {
        var date = RequireDate(parts, key, label);
        var time = FormParsing.ParseTime(timeText);
        if (time is null)
        {
            ModelState.AddModelError(key + "Time", string.IsNullOrWhiteSpace(timeText) ? $"Enter the time for the {label}" : "Enter a time in 24-hour format, like 09:30 or 17:00");
        }

        if (date is null || time is null)
        {
            return null;
        }

        var local = date.Value.ToDateTime(time.Value);
        if (UkTime.Zone.IsInvalidTime(local))
        {
            // The hour the clocks skip in March does not exist in UK time.
            ModelState.AddModelError(key + "Time", "That time does not exist because the clocks go forward: enter 02:00 or later");
            return null;
        }

        return UkTime.ToUtc(local);
    }
}
