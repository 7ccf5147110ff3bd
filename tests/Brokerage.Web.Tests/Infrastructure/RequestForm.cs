using System.Globalization;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>Form fields for a valid new request: a 10-year-old girl needing foster care near home.</summary>
public static class RequestForm
{
    public static Dictionary<string, string> Valid(DateTimeOffset now, string childReference, int requiredInDays)
    {
        var dob = now.AddYears(-10).AddDays(-40);
        var required = now.AddDays(requiredInDays);
        string S(int value) => value.ToString(CultureInfo.InvariantCulture);
        return new()
        {
            ["ChildReference"] = childReference,
            ["DateOfBirth.Day"] = S(dob.Day),
            ["DateOfBirth.Month"] = S(dob.Month),
            ["DateOfBirth.Year"] = S(dob.Year),
            ["Gender"] = "Female",
            ["Ethnicity"] = "White British",
            ["LegalStatus"] = "Section20",
            ["HomeLocality"] = "Amberford",
            ["HomePostcode"] = "AM1 4QT",
            ["PlacementType"] = "Fostering",
            ["NoticeReceived.Day"] = S(now.Day),
            ["NoticeReceived.Month"] = S(now.Month),
            ["NoticeReceived.Year"] = S(now.Year),
            ["NoticeReceivedTime"] = "10:00",
            ["RequiredFrom.Day"] = S(required.Day),
            ["RequiredFrom.Month"] = S(required.Month),
            ["RequiredFrom.Year"] = S(required.Year),
            ["RequiredFromTime"] = "12:00",
            ["WeeklyBudget"] = "1000",
            ["MaxDistanceMiles"] = "20",
        };
    }
}
