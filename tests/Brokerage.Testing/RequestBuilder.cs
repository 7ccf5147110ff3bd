using System.Globalization;
using Brokerage.Core;
using Brokerage.Core.Domain;
using Brokerage.Core.Requests;

namespace Brokerage.Testing;

/// <summary>
/// A fictional child needing a placement, for any test that makes a request: as the options the
/// Core service takes, or as the fields of the new-request form. By default a 9-year-old boy from
/// Corlingham who needs foster care in five days; a test changes what it is about with <c>with</c>.
/// </summary>
public sealed record RequestBuilder(string ChildReference)
{
    /// <summary>Age in whole years. The child had a birthday 40 days ago, so is the same age throughout a test.</summary>
    public int Age { get; init; } = 9;
    public Gender Gender { get; init; } = Gender.Male;
    public string Ethnicity { get; init; } = "Any other Mixed background";
    public LegalStatus LegalStatus { get; init; } = LegalStatus.InterimCareOrder;
    public Needs Needs { get; init; } = Needs.Trauma;
    public string HomeLocality { get; init; } = "Corlingham";
    public string? HomePostcode { get; init; } = "AM4 1ZZ";
    public PlacementType PlacementType { get; init; } = PlacementType.Fostering;

    /// <summary>How long after notice is received (now) the placement is needed; the urgency follows from it.</summary>
    public TimeSpan RequiredIn { get; init; } = TimeSpan.FromDays(5);

    public decimal WeeklyBudget { get; init; } = 1000;
    public int MaxDistanceMiles { get; init; } = 20;
    public string CreatedBy { get; init; } = TestUsers.Broker;

    /// <summary>Needed as soon as is typical of the urgency (rules/urgency.json's bands): the same request at another urgency.</summary>
    public RequestBuilder At(Urgency urgency) => this with
    {
        RequiredIn = urgency switch
        {
            Urgency.Crisis => TimeSpan.FromHours(6),
            Urgency.Emergency => TimeSpan.FromDays(2),
            Urgency.ShortNotice => TimeSpan.FromDays(7),
            _ => TimeSpan.FromDays(20),
        },
    };

    public DateOnly DateOfBirth(DateTime now) => DateOnly.FromDateTime(now.AddYears(-Age).AddDays(-40));

    /// <summary>What <c>PlacementRequestService.CreateAsync</c> takes, with notice received <paramref name="now"/>.</summary>
    public CreatePlacementRequestOptions ToOptions(DateTime now) => new()
    {
        ChildReference = ChildReference,
        DateOfBirth = DateOfBirth(now),
        Gender = Gender,
        Ethnicity = Ethnicity,
        LegalStatus = LegalStatus,
        Needs = Needs,
        HomeLocality = HomeLocality,
        HomePostcode = HomePostcode,
        PlacementType = PlacementType,
        NoticeReceivedAt = now,
        RequiredFrom = now + RequiredIn,
        WeeklyBudget = WeeklyBudget,
        MaxDistanceMiles = MaxDistanceMiles,
        CreatedBy = CreatedBy,
    };

    /// <summary>
    /// The new-request form filled in as a broker would, with notice received <paramref name="now"/>
    /// and times in UK time. The needs are checkboxes that repeat one field name, so the caller posts
    /// them beside these fields.
    /// </summary>
    public Dictionary<string, string> ToForm(DateTimeOffset now)
    {
        var notice = UkTime.ToLocal(now.UtcDateTime);
        var required = UkTime.ToLocal(now.UtcDateTime + RequiredIn);
        var born = DateOfBirth(now.UtcDateTime);
        return new()
        {
            ["ChildReference"] = ChildReference,
            ["DateOfBirth.Day"] = Text(born.Day),
            ["DateOfBirth.Month"] = Text(born.Month),
            ["DateOfBirth.Year"] = Text(born.Year),
            ["Gender"] = Gender.ToString(),
            ["Ethnicity"] = Ethnicity,
            ["LegalStatus"] = LegalStatus.ToString(),
            ["HomeLocality"] = HomeLocality,
            ["HomePostcode"] = HomePostcode ?? "",
            ["PlacementType"] = PlacementType.ToString(),
            ["NoticeReceived.Day"] = Text(notice.Day),
            ["NoticeReceived.Month"] = Text(notice.Month),
            ["NoticeReceived.Year"] = Text(notice.Year),
            ["NoticeReceivedTime"] = notice.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["RequiredFrom.Day"] = Text(required.Day),
            ["RequiredFrom.Month"] = Text(required.Month),
            ["RequiredFrom.Year"] = Text(required.Year),
            ["RequiredFromTime"] = required.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["WeeklyBudget"] = Text(WeeklyBudget),
            ["MaxDistanceMiles"] = Text(MaxDistanceMiles),
        };
    }

    private static string Text(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
