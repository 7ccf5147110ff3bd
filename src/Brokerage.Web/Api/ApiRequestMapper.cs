using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Requests;

namespace Brokerage.Web.Api;

/// <summary>Turns an API body into service options, collecting field errors in camelCase like the JSON.</summary>
internal static class ApiRequestMapper
{
    /// <param name="changedBy">For a change to a request, who makes it: the broker responsible stays as it was, so brokerEmail is not read.</param>
    public static CreatePlacementRequestOptions? ToOptions(CreatePlacementRequestBody body, Dictionary<string, string[]> errors, string? changedBy = null)
    {
        void Fail(string field, string message) => errors[field] = [message];

        T? ParseEnum<T>(string field, string? value, string label)
            where T : struct, Enum
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Fail(field, $"Give the {label}");
                return null;
            }

            if (EnumNames.TryParse<T>(value, out var parsed))
            {
                return parsed;
            }

            Fail(field, $"{label[..1].ToUpperInvariant()}{label[1..]} must be one of {string.Join(", ", Enum.GetNames<T>())}");
            return null;
        }

        var gender = ParseEnum<Gender>("gender", body.Gender, "child's gender");
        var legalStatus = ParseEnum<LegalStatus>("legalStatus", body.LegalStatus, "child's legal status");
        var placementType = ParseEnum<PlacementType>("placementType", body.PlacementType, "type of placement");
        var needs = ApiFields.Needs(body.Needs, "needs", errors);
        var alsoSuitable = ApiFields.PlacementTypes(body.AlsoSuitableTypes, "alsoSuitableTypes", errors);

        if (string.IsNullOrWhiteSpace(body.ChildReference))
        {
            Fail("childReference", "Give the child's reference");
        }

        if (body.DateOfBirth is null)
        {
            Fail("dateOfBirth", "Give the child's date of birth");
        }
        else if (!FieldRules.IsPlausibleYear(body.DateOfBirth.Value.Year))
        {
            Fail("dateOfBirth", FieldRules.YearOutOfRange("the date of birth"));
        }

        if (string.IsNullOrWhiteSpace(body.Ethnicity))
        {
            Fail("ethnicity", "Give the child's ethnicity: one of " + string.Join(", ", Ethnicities.All));
        }

        if (string.IsNullOrWhiteSpace(body.HomeLocality))
        {
            Fail("homeLocality", "Give the locality the child lives in");
        }

        if (body.NoticeReceivedAt is null)
        {
            Fail("noticeReceivedAt", "Give the date and time notice was received");
        }
        else if (!FieldRules.IsPlausibleYear(body.NoticeReceivedAt.Value.Year))
        {
            Fail("noticeReceivedAt", FieldRules.YearOutOfRange("the date notice was received"));
        }

        if (body.RequiredFrom is null)
        {
            Fail("requiredFrom", "Give the date and time the placement is needed from");
        }
        else if (!FieldRules.IsPlausibleYear(body.RequiredFrom.Value.Year))
        {
            Fail("requiredFrom", FieldRules.YearOutOfRange("the date the placement is needed"));
        }

        if (body.WeeklyBudget is null)
        {
            Fail("weeklyBudget", "Give the weekly budget in pounds");
        }

        // The API client is not a person: the request needs a mailbox that will hear about offers and escalations.
        if (changedBy is null && !ApiFields.IsMailbox(body.BrokerEmail))
        {
            Fail("brokerEmail", "Give the email address of the broker or team responsible for the request");
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var options = new CreatePlacementRequestOptions
        {
            ChildReference = body.ChildReference!,
            DateOfBirth = body.DateOfBirth!.Value,
            Gender = gender!.Value,
            Ethnicity = body.Ethnicity!,
            LegalStatus = legalStatus!.Value,
            IsSeparatedChild = body.IsSeparatedChild ?? false,
            Needs = needs,
            HomeLocality = body.HomeLocality!,
            HomePostcode = body.HomePostcode,
            PlacementType = placementType!.Value,
            AlsoSuitableTypes = alsoSuitable,
            NoticeReceivedAt = body.NoticeReceivedAt!.Value.UtcDateTime,
            RequiredFrom = body.RequiredFrom!.Value.UtcDateTime,
            WeeklyBudget = body.WeeklyBudget!.Value,
            MaxDistanceMiles = body.MaxDistanceMiles ?? 20,
            Summary = body.Summary,
            Team = body.Team,
            CreatedBy = changedBy ?? body.BrokerEmail!.Trim(),
        };
        return options;
    }
}
