using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Notifications;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Tests.Notifications;

public class SchemeEmailsTests
{
    private static readonly SchemeEmails Emails = new(
        new BrokerageLinks("https://placements.example.gov.uk/"),
        Options.Create(new CouncilOptions { Name = "Wessex Borough Council", ShortName = "Wessex" }));

    [Fact]
    public void Offered_NamesTheOfferingCouncil_TheVacancyAndTheDeadline_AndLinksAbsolutelyToTheSecretAnswerPage()
    {
        var offer = VacancyEmailsTests.AcceptedOffer();

        var email = Emails.Offered(offer, "s3cret_-Token");

        Assert.Equal($"Fostering vacancy offered through the regional scheme: please answer by {UkTime.Format(offer.RespondBy)}", email.Subject);
        Assert.Contains("Wessex Borough Council offers this fostering vacancy through the regional fostering vacancy scheme. Northshire Council is next in the rota.", email.Body, StringComparison.Ordinal);
        Assert.Contains("Carer household: Willow Cottage, Harrowfield Market (Brightwater Fostering)", email.Body, StringComparison.Ordinal);
        Assert.Contains("Suits: ages 5 to 12, any gender; can meet: ", email.Body, StringComparison.Ordinal);
        Assert.Contains("Weekly cost: £850", email.Body, StringComparison.Ordinal);
        Assert.Contains("https://placements.example.gov.uk/scheme/offers/s3cret_-Token\n", email.Body.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("Ambershire", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheOffer_CarriesTheSecretLink()
    {
        var offer = VacancyEmailsTests.AcceptedOffer();
        var others = new[]
        {
            Emails.AcceptanceSent(offer), Emails.MatchConfirmed(offer), Emails.MatchDeclined(offer), Emails.ProfileNotConfirmed(offer),
            Emails.Lapsed(offer), Emails.Withdrawn(offer.Vacancy), Emails.NoLongerAvailable(offer.Vacancy),
        };

        Assert.All(others, email => Assert.DoesNotContain("/scheme/offers/", email.Body, StringComparison.Ordinal));
        Assert.All(others, email => Assert.Contains("Willow Cottage", email.Subject, StringComparison.Ordinal));
    }

    [Fact]
    public void MatchConfirmed_TellsTheAuthorityWhoToContact_AndLapsed_SaysItCountsAsARefusal()
    {
        var offer = VacancyEmailsTests.AcceptedOffer();

        Assert.Contains("Contact them at referrals@brightwater.example to plan the move.", Emails.MatchConfirmed(offer).Body, StringComparison.Ordinal);
        Assert.Contains("It counts as a refusal and your authority has moved to the back of the rota.", Emails.Lapsed(offer).Body, StringComparison.Ordinal);
        Assert.Contains($"until {UkTime.Format(offer.ProfileConfirmBy!.Value)} to confirm", Emails.AcceptanceSent(offer).Body, StringComparison.Ordinal);
    }
}
