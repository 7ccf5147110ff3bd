using Brokerage.Core.Domain;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>Form fields for a valid new request: a 10-year-old girl needing foster care near home.</summary>
public static class RequestForm
{
    /// <summary>Notice received now; needed <paramref name="requiredInDays"/> days later, at midday when now is the factory's 10am start.</summary>
    public static Dictionary<string, string> Valid(DateTimeOffset now, string childReference, int requiredInDays) => new RequestBuilder(childReference)
    {
        Age = 10, Gender = Gender.Female, Ethnicity = "White British", LegalStatus = LegalStatus.Section20, Needs = Needs.None,
        HomeLocality = "Amberford", HomePostcode = "AM1 4QT", RequiredIn = TimeSpan.FromDays(requiredInDays) + TimeSpan.FromHours(2),
    }.ToForm(now);
}
