using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Tests.Notifications;

public class ApprovalEmailsTests
{
    private static readonly BrokerageLinks Links = new("https://placements.example.gov.uk/");
    private static readonly ApprovalEmails Emails = new(Links);
    private static readonly ProviderEmails ProviderEmails = new(Links, Options.Create(new CouncilOptions { Name = "Wessex Borough Council", ShortName = "Wessex", ServiceName = "Placements Finder", TeamName = "placements team" }));
    private static readonly PlacementEmails PlacementEmails = new(Links);

    [Fact]
    public void ApprovalNeeded_GivesTheAssistantDirectorsTheFactsAndALinkToDecide()
    {
        var approval = NewApproval();
        approval.Route = ApprovalRoute.Under16Exception;

        var email = Emails.ApprovalNeeded(approval);

        Assert.Equal("Emergency approval needed: WX-0042-A1", email.Subject);
        Assert.Contains("on the exceptional route: the child is under 16", email.Body, StringComparison.Ordinal);
        Assert.Contains("Request: WX-0042 (Emergency), needed from 7 December 2026", email.Body, StringComparison.Ordinal);
        Assert.Contains("Setting: Oak Flat (Unregulated)", email.Body, StringComparison.Ordinal);
        Assert.Contains("Grounds: Unregulated provision", email.Body, StringComparison.Ordinal);
        Assert.EndsWith("Decide at https://placements.example.gov.uk/approvals/5", email.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Decided_TellsTheBrokerWhatToDoNext_WithTheConditionsOrTheReasons()
    {
        var approved = NewApproval();
        approved.Status = ApprovalStatus.ApprovedWithConditions;
        approved.Conditions = "Daily visits for the first week";
        var declined = NewApproval();
        declined.Status = ApprovalStatus.Declined;
        declined.DecisionReasons = "Risks too high";

        var yes = Emails.Decided(approved);
        var no = Emails.Decided(declined);

        Assert.Equal("Approval WX-0042-A1: approved with conditions", yes.Subject);
        Assert.Contains("ad2@wessex.example has approved with conditions the placement at Oak Flat for WX-0042. Conditions: Daily visits for the first week", yes.Body, StringComparison.Ordinal);
        Assert.EndsWith("You can now confirm the placement: https://placements.example.gov.uk/requests/42/offers", yes.Body, StringComparison.Ordinal);
        Assert.Equal("Approval WX-0042-A1: declined", no.Subject);
        Assert.Contains("Reasons: Risks too high. The provider has been told and the search continues: https://placements.example.gov.uk/requests/42", no.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ReviewDueAndOverdue_NameTheDateAndLinkToTheReview()
    {
        var approval = NewApproval();
        approval.Status = ApprovalStatus.Approved;
        approval.NextReviewDate = new DateOnly(2026, 12, 4);

        var due = Emails.ReviewDue(approval);
        var overdue = Emails.ReviewOverdue(approval);

        Assert.Equal("Review due 4 December 2026: unregulated placement WX-0042-A1", due.Subject);
        Assert.EndsWith("must be reviewed by 4 December 2026. Record the review at https://placements.example.gov.uk/approvals/5", due.Body, StringComparison.Ordinal);
        Assert.Equal("Overdue review: unregulated placement WX-0042-A1", overdue.Subject);
        Assert.Contains("was due on 4 December 2026 and has not been recorded", overdue.Body, StringComparison.Ordinal);
        Assert.EndsWith("https://placements.example.gov.uk/approvals/5", overdue.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderHoldMessages_NameTheCouncilFromConfiguration_AndLinkToTheReferral_WithoutTheBrokersInstructions()
    {
        var referral = NewApproval().Referral;
        referral.Offer!.HeldUntil = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

        var held = ProviderEmails.OfferHeld(referral);
        var endsSoon = ProviderEmails.HoldEndsSoon(referral);
        var lapsed = ProviderEmails.HoldLapsed(referral);

        Assert.Equal("Offer accepted in principle: WX-0042 at Oak Flat", held.Subject);
        Assert.Contains("Wessex Borough Council has accepted your offer of Oak Flat in principle. Please hold the place free of charge until 25 November 2026 at 10:00am", held.Body, StringComparison.Ordinal);
        Assert.Equal("Hold ends soon: WX-0042 at Oak Flat", endsSoon.Subject);
        Assert.Contains("We will confirm the placement or release the place before then", endsSoon.Body, StringComparison.Ordinal);
        Assert.Equal("Hold lapsed: WX-0042 at Oak Flat", lapsed.Subject);
        Assert.Contains("you are free to offer the place elsewhere", lapsed.Body, StringComparison.Ordinal);
        foreach (var email in new[] { held, endsSoon, lapsed })
        {
            Assert.Contains("https://placements.example.gov.uk/provider/referrals/7", email.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Confirm the placement or release", email.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("CH-SECRET", email.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Ambershire", email.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void NotTakenUp_ReleasesThePlace_WithoutTheAssistantDirectorsReasons()
    {
        var approval = NewApproval();
        approval.DecisionReasons = "Risks too high";

        var email = ProviderEmails.NotTakenUp(approval.PlacementRequest, approval.Setting);

        Assert.Equal("Outcome of referral WX-0042: not taken up", email.Subject);
        Assert.Equal("Thank you for your offer of Oak Flat. Wessex Borough Council will not be taking up this place, so you are free to offer it elsewhere.\n\nPlacements Finder, for Wessex Borough Council's placements team", email.Body);
    }

    [Fact]
    public void BrokerHoldMessages_AskForADecision_AndLinkToTheOffers()
    {
        var referral = NewApproval().Referral;
        referral.Offer!.HeldUntil = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

        var endsSoon = PlacementEmails.HoldEndsSoon(referral);
        var lapsed = PlacementEmails.HoldLapsed(referral);

        Assert.Equal("Hold ends soon: WX-0042 at Oak Flat", endsSoon.Subject);
        Assert.Contains("ends 25 November 2026 at 10:00am. Confirm the placement or release the place before then", endsSoon.Body, StringComparison.Ordinal);
        Assert.Equal("Hold lapsed: WX-0042 at Oak Flat", lapsed.Subject);
        Assert.Contains("The provider may offer the place elsewhere", lapsed.Body, StringComparison.Ordinal);
        Assert.All([endsSoon, lapsed], e => Assert.EndsWith("https://placements.example.gov.uk/requests/42/offers", e.Body, StringComparison.Ordinal));
    }

    private static ApprovalRequest NewApproval()
    {
        var request = new PlacementRequest
        {
            Id = 42, Reference = "WX-0042", ChildReference = "CH-SECRET", DateOfBirth = new DateOnly(2010, 3, 1), Ethnicity = "White British", HomeLocality = "Amberford",
            Urgency = Urgency.Emergency, RequiredFrom = new DateTime(2026, 12, 7, 10, 0, 0, DateTimeKind.Utc), CreatedBy = "broker@wessex.example",
        };
        var setting = new Setting
        {
            Name = "Oak Flat", Registration = Registration.Unregulated, Postcode = "AM2 1AA", Locality = "Harrowfield Market",
            Provider = new Provider { Name = "Oak Care", ReferralEmail = "r@oak.example", EscalationEmail = "e@oak.example" },
        };
        var referral = new Referral
        {
            Id = 7, PlacementRequestId = 42, PlacementRequest = request, Setting = setting, SentBy = "broker@wessex.example",
            Offer = new Offer { AvailableFrom = new DateOnly(2026, 12, 7), WeeklyCost = 1450, Status = OfferStatus.HeldInPrinciple },
        };
        return new ApprovalRequest
        {
            Id = 5, Reference = "WX-0042-A1", PlacementRequestId = 42, PlacementRequest = request, Referral = referral, Setting = setting,
            Registration = Registration.Unregulated, Grounds = "Unregulated provision", HowNeedsAreMet = "Staffed flat", RaisedBy = "broker@wessex.example", DecidedBy = "ad2@wessex.example",
        };
    }
}
