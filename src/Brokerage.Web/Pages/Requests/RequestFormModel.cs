using System.Globalization;
using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Requests;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Requests;

/// <summary>
/// The request's fields as the broker types them, shared by the new-request and change-request
/// pages so that both read, check and name every field the same way (see _RequestFields).
/// </summary>
public abstract class RequestFormModel : PageModel, IPageWithFieldNames
{
    public static readonly string[] FieldOrder = ["ChildReference", "DateOfBirth", "Gender", "Ethnicity", "LegalStatus", "HomeLocality", "HomePostcode", "PlacementType", "AlsoSuitable", "NoticeReceived", "NoticeReceivedTime", "RequiredFrom", "RequiredFromTime", "WeeklyBudget", "MaxDistanceMiles", "Summary"];

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

    /// <summary>Types the plan would also accept besides the preferred one.</summary>
    [BindProperty] public List<PlacementType> AlsoSuitable { get; set; } = [];
    [BindProperty] public DateParts NoticeReceived { get; set; } = new();
    [BindProperty] public string? NoticeReceivedTime { get; set; }
    [BindProperty] public DateParts RequiredFrom { get; set; } = new();
    [BindProperty] public string? RequiredFromTime { get; set; }
    [BindProperty] public string? WeeklyBudget { get; set; }
    [BindProperty] public string? MaxDistanceMiles { get; set; } = "20";
    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public string? Team { get; set; }

    /// <summary>Fills the form from a request, for a change to it.</summary>
    protected void Fill(PlacementRequest request)
    {
        ChildReference = request.ChildReference;
        DateOfBirth = DateParts.From(request.DateOfBirth);
        Gender = request.Gender;
        Ethnicity = request.Ethnicity;
        LegalStatus = request.LegalStatus;
        IsSeparatedChild = request.IsSeparatedChild;
        Needs = [.. Display.EachNeed(request.Needs).Where(n => n != Core.Domain.Needs.SeparatedChild)];
        HomeLocality = request.HomeLocality;
        HomePostcode = request.HomePostcode;
        PlacementType = request.PlacementType;
        AlsoSuitable = [.. Enum.GetValues<PlacementType>().Where(t => request.AlsoSuitableTypes.HasFlag(t.AsSet()))];
        var notice = UkTime.ToLocal(request.NoticeReceivedAt);
        NoticeReceived = DateParts.From(DateOnly.FromDateTime(notice));
        NoticeReceivedTime = notice.ToString("HH:mm", CultureInfo.InvariantCulture);
        var required = UkTime.ToLocal(request.RequiredFrom);
        RequiredFrom = DateParts.From(DateOnly.FromDateTime(required));
        RequiredFromTime = required.ToString("HH:mm", CultureInfo.InvariantCulture);
        WeeklyBudget = request.WeeklyBudget.ToString("0.##", CultureInfo.InvariantCulture);
        MaxDistanceMiles = request.MaxDistanceMiles.ToString(CultureInfo.InvariantCulture);
        Summary = request.Summary;
        Team = request.Team == Teams.Unassigned ? null : request.Team;
    }

    /// <summary>Reads the form in the order the fields appear; null, with every error in ModelState, when it cannot be read.</summary>
    protected CreatePlacementRequestOptions? ReadOptions()
    {
        // Model binding errors are replaced by the page's own GOV.UK messages below.
        ModelState.Clear();
        if (string.IsNullOrWhiteSpace(ChildReference))
        {
            ModelState.AddModelError(nameof(ChildReference), FieldRules.Required("the child's reference"));
        }

        var dateOfBirth = ModelState.ReadDate(DateOfBirth, nameof(DateOfBirth), "the date of birth");
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

        Require(PlacementType, nameof(PlacementType), "Select the type of placement the child's plan prefers");
        var noticeReceived = ModelState.ReadDateAndTime(NoticeReceived, NoticeReceivedTime, nameof(NoticeReceived), "the date notice was received", "the time notice was received");
        var requiredFrom = ModelState.ReadDateAndTime(RequiredFrom, RequiredFromTime, nameof(RequiredFrom), "the date the placement is needed", "the time the placement is needed");
        var budget = ModelState.ReadWeeklyCost(WeeklyBudget, nameof(WeeklyBudget), "the weekly budget");
        var distance = ModelState.ReadWholeNumber(MaxDistanceMiles, nameof(MaxDistanceMiles), "the preferred maximum distance", "20");
        ModelState.ReadText(Summary, nameof(Summary), "the summary");
        if (!ModelState.IsValid)
        {
            return null;
        }

        return new CreatePlacementRequestOptions
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
            AlsoSuitableTypes = AlsoSuitable.AsSet(),
            NoticeReceivedAt = noticeReceived!.Value,
            RequiredFrom = requiredFrom!.Value,
            WeeklyBudget = budget!.Value,
            MaxDistanceMiles = distance!.Value,
            Summary = Summary,
            Team = Team,
            CreatedBy = User.Actor(),
        };
    }

    /// <summary>Core names the instants; the page names the date-and-time pairs the broker types them into.</summary>
    public string FieldKey(string domainField) => domainField switch
    {
        nameof(CreatePlacementRequestOptions.NoticeReceivedAt) => nameof(NoticeReceived),
        _ => domainField,
    };

    private void Require<T>(T? value, string key, string message)
        where T : struct
    {
        if (value is null)
        {
            ModelState.AddModelError(key, message);
        }
    }
}
