using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Tests.Notifications;

public class ProviderEmailsTests
{
    private static readonly ProviderEmails Emails = new(
        new BrokerageLinks("https://placements.example.gov.uk/"),
        Options.Create(new CouncilOptions { Name = "Wessex Borough Council", ShortName = "Wessex" }));

    private static readonly Referral Referral = NewReferral();

    [Fact]
    public void ReferralSent_NamesTheCouncilFromConfiguration_AndLinksToTheAnswerPage()
    {
        var email = Emails.ReferralSent(Referral.PlacementRequest, Referral.Setting, Referral);

        Assert.StartsWith("New emergency referral WX-0042-7: please respond by", email.Subject, StringComparison.Ordinal);
        Assert.Contains("Wessex Borough Council would like to know if Oak House can offer a placement.", email.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ambershire", email.Body, StringComparison.Ordinal);
        Assert.Contains("https://placements.example.gov.uk/provider/referrals/7", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferralSent_ShowsOnlyTheAnonymisedProfile()
    {
        var email = Emails.ReferralSent(Referral.PlacementRequest, Referral.Setting, Referral);

        Assert.Contains("12 years old, Female, lives in the Amberford area", email.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("CH-SECRET", email.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("AM1 2AB", email.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("2014", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Reminders_AskForAnAnswerInTheSameWordsAsTheReferral()
    {
        var sent = Emails.ReferralSent(Referral.PlacementRequest, Referral.Setting, Referral).Body;
        var callToAction = sent[sent.IndexOf("Please offer or decline by", StringComparison.Ordinal)..];

        Assert.EndsWith(callToAction, Emails.FirstReminder(Referral).Body, StringComparison.Ordinal);
        Assert.EndsWith(callToAction, Emails.SecondReminder(Referral).Body, StringComparison.Ordinal);
        Assert.Contains("escalation contact", Emails.SecondReminder(Referral).Body, StringComparison.Ordinal);
        Assert.Contains("Wessex Borough Council sent Oak House an emergency referral", Emails.FirstReminder(Referral).Body, StringComparison.Ordinal);
    }

    [Fact]
    public void NotSelected_TellsAProviderThatNeverAnsweredThatItCountsAgainstIt()
    {
        var answered = Emails.NotSelected(Referral.PlacementRequest, [Referral.Setting], answered: true);
        var unanswered = Emails.NotSelected(Referral.PlacementRequest, [Referral.Setting], answered: false);

        Assert.Equal("Outcome of referral WX-0042: not selected", answered.Subject);
        Assert.Contains("Thank you for responding", answered.Body, StringComparison.Ordinal);
        Assert.Contains("count against your response rate", unanswered.Body, StringComparison.Ordinal);
    }

    private static Referral NewReferral()
    {
        var request = new PlacementRequest
        {
            Reference = "WX-0042",
            ChildReference = "CH-SECRET",
            DateOfBirth = new DateOnly(2014, 3, 1),
            Gender = Gender.Female,
            Ethnicity = "White British",
            HomeLocality = "Amberford",
            HomePostcode = "AM1 2AB",
            Urgency = Urgency.Emergency,
            PlacementType = PlacementType.ChildrensHome,
            RequiredFrom = new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc),
            CreatedBy = "broker@example.gov.uk",
        };
        var setting = new Setting { Name = "Oak House", Postcode = "AM2 1AA", Locality = "Harrowfield Market", Provider = new Provider { Name = "Oak Care", ReferralEmail = "r@oak.example", EscalationEmail = "e@oak.example" } };
        return new Referral
        {
            Id = 7,
            PlacementRequest = request,
            Setting = setting,
            SentBy = "broker@example.gov.uk",
            SentAt = new DateTime(2026, 12, 4, 9, 0, 0, DateTimeKind.Utc),
            RespondBy = new DateTime(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc),
        };
    }
}
