using System.Text.RegularExpressions;
using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Domain;

namespace Brokerage.Core.Requests;

/// <summary>The domain's rules for a new request, shared by the web form and the API.</summary>
public static partial class PlacementRequestValidator
{
    /// <param name="existing">For an edit, the request as it stands: a date the broker did not change is not judged again against today.</param>
    public static FieldErrors Validate(CreatePlacementRequestOptions options, DateTime nowUtc, Gazetteer gazetteer, PlacementRequest? existing = null)
    {
        var errors = new FieldErrors();

        errors.Required(nameof(options.ChildReference), "the child's reference", options.ChildReference);
        if (!errors.Has(nameof(options.ChildReference)) && !ChildReferencePattern().IsMatch(options.ChildReference.Trim()))
        {
            errors.Add(nameof(options.ChildReference), "The child's reference must be 3 to 20 letters, numbers or hyphens");
        }

        var today = DateOnly.FromDateTime(UkTime.ToLocal(nowUtc));
        var requiredOn = DateOnly.FromDateTime(UkTime.ToLocal(options.RequiredFrom));
        if (options.DateOfBirth > today)
        {
            errors.Add(nameof(options.DateOfBirth), "The date of birth must be today or in the past");
        }
        else if (options.DateOfBirth.AddYears(18) <= requiredOn)
        {
            errors.Add(nameof(options.DateOfBirth), "The child must be under 18 on the date the placement is needed");
        }

        if (!Ethnicities.All.Contains(options.Ethnicity))
        {
            errors.Add(nameof(options.Ethnicity), "Select the child's ethnicity");
        }

        if (gazetteer.Find(options.HomeLocality) is null)
        {
            errors.Add(nameof(options.HomeLocality), "Select the area the child lives in");
        }

        if (!string.IsNullOrWhiteSpace(options.HomePostcode) && !PostcodePattern().IsMatch(options.HomePostcode.Trim()))
        {
            errors.Add(nameof(options.HomePostcode), "Enter a full postcode, like AM1 2AB");
        }

        var noticeUnchanged = existing is not null && existing.NoticeReceivedAt == options.NoticeReceivedAt;
        if (noticeUnchanged)
        {
            // Kept as it was: an old request stays editable.
        }
        else if (options.NoticeReceivedAt > nowUtc.AddMinutes(5))
        {
            errors.Add(nameof(options.NoticeReceivedAt), "The date notice was received must be today or in the past");
        }
        else if (options.NoticeReceivedAt < nowUtc.AddYears(-1))
        {
            // Urgency and every deadline follow from it: a year-old notice is a typing mistake, not a new request.
            errors.Add(nameof(options.NoticeReceivedAt), "The date notice was received must be within the last year");
        }

        if (options.RequiredFrom < options.NoticeReceivedAt)
        {
            errors.Add(nameof(options.RequiredFrom), "The date the placement is needed must be the same as or after the date notice was received");
        }
        else if (options.RequiredFrom > nowUtc.AddYears(1) && existing?.RequiredFrom != options.RequiredFrom)
        {
            errors.Add(nameof(options.RequiredFrom), "The date the placement is needed must be within the next year");
        }

        errors.WeeklyCost(nameof(options.WeeklyBudget), "the weekly budget", options.WeeklyBudget);

        if (options.MaxDistanceMiles is < 1 or > 500)
        {
            errors.Add(nameof(options.MaxDistanceMiles), "The preferred maximum distance must be between 1 and 500 miles");
        }

        errors.MaxLength(nameof(options.Summary), "the summary", options.Summary);
        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9-]{3,20}$")]
    private static partial Regex ChildReferencePattern();

    [GeneratedRegex("^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$")]
    private static partial Regex PostcodePattern();
}
