using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Reports;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Tests.Notifications;

public class BrokerEmailsTests
{
    private static readonly BrokerEmails Emails = new(
        new BrokerageLinks("https://placements.example.gov.uk/"),
        Options.Create(new CouncilOptions { Name = "Wessex Borough Council", ShortName = "Wessex", ServiceName = "Placements Finder", TeamName = "looked-after children team" }));

    private static readonly Referral Referral = NewReferral();

    private static PlacementRequest Request => Referral.PlacementRequest;

    [Fact]
    public void EveryEmail_LinksAbsolutelyToItsPage_AndSignsOffWithTheCouncilFromConfiguration()
    {
        var offer = new Offer { AvailableFrom = new DateOnly(2026, 12, 10), WeeklyCost = 4250m };
        var digest = new PlanningForumDigest(new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc), []);
        var emails = new (Email Email, string Link)[]
        {
            (Emails.OfferReceived(Request, Referral.Setting, offer), "https://placements.example.gov.uk/requests/42/offers"),
            (Emails.NoResponse(Referral), "https://placements.example.gov.uk/requests/42"),
            (Emails.OffersWaiting(Request, 2), "https://placements.example.gov.uk/requests/42/offers"),
            (Emails.Escalation(Request, 3, 1), "https://placements.example.gov.uk/requests/42"),
            (Emails.SearchExhausted(Request), "https://placements.example.gov.uk/requests/42"),
            (Emails.PlanningForumDigest(digest, new DateOnly(2026, 12, 7)), "https://placements.example.gov.uk/reports/planning-forum"),
        };

        Assert.All(emails, e =>
        {
            Assert.Contains(e.Link + "\n", e.Email.Body + "\n", StringComparison.Ordinal);
            Assert.EndsWith("Placements Finder, for Wessex Borough Council's looked-after children team", e.Email.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Ambershire", e.Email.Subject + e.Email.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("//requests", e.Email.Body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void OfferReceived_SaysWhoOfferedWhatAndWhen()
    {
        var offer = new Offer { AvailableFrom = new DateOnly(2026, 12, 10), WeeklyCost = 4250m };

        var email = Emails.OfferReceived(Request, Referral.Setting, offer);

        Assert.Equal("Offer received for WX-0042 from Oak Care", email.Subject);
        Assert.Contains("Oak Care has offered Oak House for WX-0042 (Emergency).", email.Body, StringComparison.Ordinal);
        Assert.Contains("Available from: 10 December 2026", email.Body, StringComparison.Ordinal);
        Assert.Contains("Weekly cost: £4,250", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void NoResponse_NamesTheProviderAndTheDeadlineItMissed()
    {
        var email = Emails.NoResponse(Referral);

        Assert.Equal("No response from Oak Care on WX-0042", email.Subject);
        Assert.Contains("Oak Care did not answer the referral for Oak House by 4 December 2026 at 5:00pm. It is recorded as no response.", email.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "has 1 offer waiting for a decision")]
    [InlineData(3, "has 3 offers waiting for a decision")]
    public void OffersWaiting_CountsTheOffersInPlainEnglish(int offers, string expected)
    {
        var email = Emails.OffersWaiting(Request, offers);

        Assert.Equal("Offers waiting on WX-0042", email.Subject);
        Assert.Contains(expected, email.Body, StringComparison.Ordinal);
        Assert.Contains("the search has not been widened", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Escalation_TellsTheManagerHowFarTheSearchGotAndThatItIsWidening()
    {
        var email = Emails.Escalation(Request, 1, 0);

        Assert.Equal("Escalation: no offer yet for emergency request WX-0042", email.Subject);
        Assert.Contains("Request WX-0042 (Emergency, Children's home needed from 7 December 2026 at 10:00am) has no offer.", email.Body, StringComparison.Ordinal);
        Assert.Contains("1 referral sent, 0 answered. The search is being widened automatically.", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchExhausted_AsksTheBrokerToDecide()
    {
        var email = Emails.SearchExhausted(Request);

        Assert.Equal("Search exhausted for WX-0042", email.Subject);
        Assert.Contains("no further eligible settings for WX-0042", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanningForumDigest_NamesTheWeekInTheSubject_AndCountsTheSearches()
    {
        var digest = new PlanningForumDigest(new DateTime(2026, 12, 9, 9, 0, 0, DateTimeKind.Utc), [Row(1), Row(2)]);

        var email = Emails.PlanningForumDigest(digest, new DateOnly(2026, 12, 7));

        Assert.Equal("Placements Planning Forum digest, week of 7 December 2026", email.Subject);
        Assert.Contains("The Placements Planning Forum digest for Wessex Borough Council: 2 open searches, most urgent first.", email.Body, StringComparison.Ordinal);
    }

    private static DigestRow Row(int id) =>
        new(id, $"WX-{id:0000}", Urgency.Planned, RequestStatus.Searching, 3, 2, 0, new Dictionary<DeclineReason, int>(), 0, null, null);

    private static Referral NewReferral()
    {
        var request = new PlacementRequest
        {
            Id = 42,
            Reference = "WX-0042",
            ChildReference = "CH-SECRET",
            DateOfBirth = new DateOnly(2014, 3, 1),
            Gender = Gender.Female,
            Ethnicity = "White British",
            HomeLocality = "Amberford",
            Urgency = Urgency.Emergency,
            PlacementType = PlacementType.ChildrensHome,
            RequiredFrom = new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc),
            CreatedBy = "broker@example.gov.uk",
        };
        var setting = new Setting { Name = "Oak House", Postcode = "AM2 1AA", Locality = "Harrowfield Market", Provider = new Provider { Name = "Oak Care", ReferralEmail = "r@oak.example", EscalationEmail = "e@oak.example" } };
        return new Referral
        {
            Id = 7,
            PlacementRequestId = request.Id,
            PlacementRequest = request,
            Setting = setting,
            SentBy = "broker@example.gov.uk",
            SentAt = new DateTime(2026, 12, 4, 9, 0, 0, DateTimeKind.Utc),
            RespondBy = new DateTime(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc),
        };
    }
}
