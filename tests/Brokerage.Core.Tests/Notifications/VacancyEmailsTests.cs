using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Tests.Notifications;

public class VacancyEmailsTests
{
    private static readonly VacancyEmails Emails = new(
        new BrokerageLinks("https://placements.example.gov.uk/"),
        Options.Create(new CouncilOptions { Name = "Wessex Borough Council", ShortName = "Wessex" }));

    [Fact]
    public void ConsideredForChild_NamesTheCouncilFromConfiguration_AndShowsOnlyTheAnonymisedProfile()
    {
        var vacancy = NewVacancy();
        var request = NewRequest();

        var email = Emails.ConsideredForChild(vacancy, request);

        Assert.Equal("Your vacancy at Willow Cottage is being considered for a child", email.Subject);
        Assert.Contains("Wessex Borough Council is considering your vacancy at Willow Cottage for a child of 9 (Male), needs:", email.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ambershire", email.Subject + email.Body, StringComparison.Ordinal);
        foreach (var secret in new[] { "CH-SECRET", "WX-0042", "AM1 2AB", "2017", "Amberford" })
        {
            Assert.DoesNotContain(secret, email.Subject + email.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReleasedToScheme_NamesTheCouncil_AndTheEndOfTheFreeHold()
    {
        var vacancy = NewVacancy();
        vacancy.HeldUntil = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

        var email = Emails.ReleasedToScheme(vacancy);

        Assert.Contains("Wessex Borough Council has no child for your vacancy at Willow Cottage", email.Body, StringComparison.Ordinal);
        Assert.Contains($"hold it free of charge until {UkTime.Format(vacancy.HeldUntil.Value)}", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void SchemeAcceptanceAndItsReminder_AskForAnAnswerInTheSameWords_WithAnAbsoluteLink()
    {
        var offer = AcceptedOffer();

        var accepted = Emails.SchemeAccepted(offer);
        var reminder = Emails.ProfileReminder(offer);
        var callToAction = accepted.Body[accepted.Body.IndexOf("Please confirm or decline the match by", StringComparison.Ordinal)..];

        Assert.StartsWith("Northshire Council would like your vacancy at Willow Cottage: confirm the match by", accepted.Subject, StringComparison.Ordinal);
        Assert.Contains("on Framework terms at £820 a week", accepted.Body, StringComparison.Ordinal);
        Assert.Contains("Child profile: Boy aged 9, settled at school", accepted.Body, StringComparison.Ordinal);
        Assert.Contains("https://placements.example.gov.uk/provider/vacancies\n", callToAction.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.EndsWith(callToAction, reminder.Body, StringComparison.Ordinal);
        Assert.StartsWith("Reminder: confirm the match for Willow Cottage by", reminder.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void ToTheTeam_NewVacancyAndProviderInterest_LinkToWhereTheBrokerActs()
    {
        var vacancy = NewVacancy();
        vacancy.Matches.Add(new VacancyMatch { RulesVersion = "v1" });
        var request = NewRequest();
        var offer = new Offer { AvailableFrom = new DateOnly(2026, 12, 1), WeeklyCost = 910 };

        var notified = Emails.Notified(vacancy);
        var interest = Emails.ProviderInterest(request, vacancy.Setting, offer);

        Assert.Equal("New vacancy at Willow Cottage: 1 waiting child(ren) could suit it", notified.Subject);
        Assert.Contains("https://placements.example.gov.uk/vacancies/12", notified.Body, StringComparison.Ordinal);
        Assert.Equal("Provider interest in WX-0042: Willow Cottage", interest.Subject);
        Assert.Contains("Brightwater Fostering has seen the open search WX-0042 and offers Willow Cottage at £910 a week", interest.Body, StringComparison.Ordinal);
        Assert.Contains("https://placements.example.gov.uk/requests/42/offers", interest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusalAndLeavingTheScheme_SayWhy()
    {
        var offer = AcceptedOffer();
        offer.RefusalReason = SchemeRefusalReason.NoSuitableChild;

        Assert.Contains("could not use your vacancy (no suitable child)", Emails.SchemeRefused(offer).Body, StringComparison.Ordinal);
        Assert.Contains("Willow Cottage: the free hold ended. You are free to offer it outside the scheme.", Emails.LeftScheme(offer.Vacancy, "the free hold ended").Body, StringComparison.Ordinal);
    }

    internal static Vacancy NewVacancy()
    {
        var provider = new Provider { Name = "Brightwater Fostering", ReferralEmail = "referrals@brightwater.example", EscalationEmail = "e@brightwater.example" };
        var setting = new Setting { Name = "Willow Cottage", Postcode = "AM1 9ZZ", Locality = "Harrowfield Market", Provider = provider };
        return new Vacancy
        {
            Id = 12, Provider = provider, Setting = setting, Places = 1, MinAge = 5, MaxAge = 12, Genders = GendersAccepted.Any, CanMeet = Needs.Trauma,
            ReadyFrom = new DateOnly(2026, 12, 1), WeeklyCost = 850, NotifiedBy = provider.ReferralEmail, Status = VacancyStatus.Open,
        };
    }

    internal static RotaOffer AcceptedOffer() => new()
    {
        Vacancy = NewVacancy(),
        SchemeAuthority = new SchemeAuthority { Code = "NTH", Name = "Northshire Council", Email = "vacancies@northshire.example" },
        TokenHash = "hash",
        RespondBy = new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc),
        Status = RotaOfferStatus.Accepted,
        Terms = SchemeTerms.Framework,
        AgreedWeeklyCost = 820,
        ChildProfile = "Boy aged 9, settled at school",
        ProfileConfirmBy = new DateTime(2026, 11, 21, 10, 0, 0, DateTimeKind.Utc),
    };

    private static PlacementRequest NewRequest() => new()
    {
        Id = 42,
        Reference = "WX-0042",
        ChildReference = "CH-SECRET",
        DateOfBirth = new DateOnly(2017, 3, 1),
        Gender = Gender.Male,
        Ethnicity = "White British",
        HomeLocality = "Amberford",
        HomePostcode = "AM1 2AB",
        Needs = Needs.Trauma,
        Urgency = Urgency.Planned,
        PlacementType = PlacementType.Fostering,
        RequiredFrom = new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc),
        CreatedBy = "broker@example.gov.uk",
    };
}
