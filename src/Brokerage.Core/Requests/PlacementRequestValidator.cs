using System.Text.RegularExpressions;
using Brokerage.Core.Common;
using Brokerage.Core.Council;

namespace Brokerage.Core.Requests;

/// <summary>The domain's rules for a new request, shared by the web form and the API.</summary>
public static partial class PlacementRequestValidator
{
    public const decimal MaxWeeklyBudget = 50_000m;

    public static IReadOnlyList<FieldError> Validate(CreatePlacementRequestOptions options, DateTime nowUtc, Gazetteer gazetteer)
    {
        var errors = new List<FieldError>();
        void Fail(string field, string message) => errors.Add(new FieldError(field, message));

        if (string.IsNullOrWhiteSpace(options.ChildReference))
        {
            Fail(nameof(options.ChildReference), "Enter the child's reference");
        }
        else if (!ChildReferencePattern().IsMatch(options.ChildReference.Trim()))
        {
            Fail(nameof(options.ChildReference), "Child's reference must be 3 to 20 letters, numbers or hyphens");
        }

        var today = DateOnly.FromDateTime(UkTime.ToLocal(nowUtc));
        var requiredOn = DateOnly.FromDateTime(UkTime.ToLocal(options.RequiredFrom));
        if (options.DateOfBirth > today)
        {
            Fail(nameof(options.DateOfBirth), "Date of birth must be today or in the past");
        }
        else if (options.DateOfBirth.AddYears(18) <= requiredOn)
        {
            Fail(nameof(options.DateOfBirth), "The child must be under 18 on the date the placement is needed");
        }

        if (!Ethnicities.All.Contains(options.Ethnicity))
        {
            Fail(nameof(options.Ethnicity), "Select the child's ethnicity");
        }

        if (gazetteer.Find(options.HomeLocality) is null)
        {
            Fail(nameof(options.HomeLocality), "Select the area the child lives in");
        }

        if (!string.IsNullOrWhiteSpace(options.HomePostcode) && !PostcodePattern().IsMatch(options.HomePostcode.Trim()))
        {
            Fail(nameof(options.HomePostcode), "Enter a full postcode, like AM1 2AB");
        }

        if (options.NoticeReceivedAt > nowUtc.AddMinutes(5))
        {
            Fail(nameof(options.NoticeReceivedAt), "Date notice was received must be today or in the past");
        }

        if (options.RequiredFrom < options.NoticeReceivedAt)
        {
            Fail(nameof(options.RequiredFrom), "Date the placement is needed must be the same as or after the date notice was received");
        }
        else if (options.RequiredFrom > nowUtc.AddYears(1))
        {
            Fail(nameof(options.RequiredFrom), "Date the placement is needed must be within the next year");
        }

        if (options.WeeklyBudget <= 0 || options.WeeklyBudget > MaxWeeklyBudget)
        {
            Fail(nameof(options.WeeklyBudget), "Weekly budget must be between £1 and £50,000");
        }

        if (options.MaxDistanceMiles is < 1 or > 500)
        {
            Fail(nameof(options.MaxDistanceMiles), "Preferred maximum distance must be between 1 and 500 miles");
        }

        if (options.Summary is { Length: > 1000 })
        {
            Fail(nameof(options.Summary), "Summary must be 1000 characters or fewer");
        }

        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9-]{3,20}$")]
    private static partial Regex ChildReferencePattern();

    [GeneratedRegex("^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$")]
    private static partial Regex PostcodePattern();
}
