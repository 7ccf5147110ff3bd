using Brokerage.Core.Approvals;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Tests.Placements;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Core.Tests.Approvals;

public sealed class RiskAssessmentValidatorTests
{
    private static readonly RiskAssessmentValidator Validator = new(CoreServices.Rules, new FakeTimeProvider(OpenSearch.Now));
    private static readonly DateOnly Today = DateOnly.FromDateTime(OpenSearch.Now.UtcDateTime);

    [Fact]
    public void NothingAnswered_OnTheExceptionalRoute_NamesEveryMissingFieldAtOnce()
    {
        var (request, referral) = Search(childAge: 14);

        var errors = Validator.Check(new RaiseApprovalOptions { RequestId = 1, OfferId = 1, Actor = OpenSearch.Broker }, request, referral);

        Assert.Equal(
            [
                ("HowNeedsAreMet", "Enter how the placement meets the child's needs"),
                ("QualityChecks", "Select the quality-assurance checks that have been done"),
                ("Risks[0].Risk", "Enter at least one risk, how it will be reduced and who owns it"),
                ("VisitingFrequency", "Select how often the social worker will visit"),
                ("ProposedReviewDate", "Enter the proposed review date"),
                ("NoRegulatedOptionReason", "Enter why no regulated placement can meet the child's needs today"),
                (SearchEvidence.Field, "The exceptional route needs search evidence: send referrals to regulated providers, and record their declines or non-responses, first"),
            ],
            errors.Select(e => (e.Field, e.Message)));
    }

    [Fact]
    public void AHalfFilledRiskRow_NamesEachMissingPart_AndTooMuchTextIsNamedWithItsLimit()
    {
        var (request, referral) = Search(childAge: 16);
        var options = Complete(request, referral) with
        {
            Risks = [new RiskItem("Going missing", "", ""), new RiskItem("", "", "")],
            HowNeedsAreMet = new string('x', FieldRules.LongTextMaxLength + 1),
            QualityAssuranceNotes = null,
        };

        var errors = Validator.Check(options, request, referral);

        Assert.Equal(
            [
                ("HowNeedsAreMet", "How the placement meets the child's needs must be 4,000 characters or fewer"),
                ("QualityAssuranceNotes", "Enter why the checks not ticked have not been done, and when they will be"),
                ("Risks[0].Mitigation", "Enter how risk 1 will be reduced"),
                ("Risks[0].Owner", "Enter who owns risk 1"),
            ],
            errors.Select(e => (e.Field, e.Message)));
    }

    [Fact]
    public void TheFirstReview_IsCountedFromWhenThePlacementStarts()
    {
        var (request, referral) = Search(childAge: 16);
        referral.Offer!.AvailableFrom = Today.AddDays(20);
        var max = CoreServices.Rules.Sla.Reviews.MaxIntervalDays;

        Assert.Empty(Validator.Check(Complete(request, referral) with { ProposedReviewDate = Today.AddDays(20 + max) }, request, referral));
        var late = Assert.Single(Validator.Check(Complete(request, referral) with { ProposedReviewDate = Today.AddDays(20 + max + 1) }, request, referral));
        Assert.Equal(("ProposedReviewDate", $"The proposed review date must be after today and no more than {max} days after the placement starts, by {UkTime.Format(Today.AddDays(20 + max))}"), (late.Field, late.Message));
        Assert.Single(Validator.Check(Complete(request, referral) with { ProposedReviewDate = Today }, request, referral));
    }

    private static RaiseApprovalOptions Complete(PlacementRequest request, Referral referral) =>
        OpenSearch.RiskAssessment(request, referral);

    /// <summary>An offer of unregulated provision, with no referral to regulated provision made.</summary>
    private static (PlacementRequest, Referral) Search(int childAge)
    {
        var now = OpenSearch.Now.UtcDateTime;
        var request = new PlacementRequest
        {
            Id = 1, Reference = "WX-0042", ChildReference = "CH-CORE", Ethnicity = "White British", HomeLocality = "Amberford", CreatedBy = OpenSearch.Broker,
            DateOfBirth = Today.AddYears(-childAge).AddDays(-40), RequiredFrom = now.AddDays(2), Status = RequestStatus.Searching,
        };
        var referral = new Referral
        {
            Id = 1, PlacementRequest = request, SentBy = OpenSearch.Broker, SentAt = now, Status = ReferralStatus.Offered,
            Setting = new Setting { Name = "Flat 1", Registration = Registration.Unregulated, Postcode = "AM1 9ZZ", Locality = "Amberford", Provider = new Provider { Name = "P", ReferralEmail = "p@p.example", EscalationEmail = "e@p.example" } },
            Offer = new Offer { Id = 1, AvailableFrom = Today.AddDays(2), WeeklyCost = 1450, Status = OfferStatus.Open },
        };
        request.Referrals.Add(referral);
        return (request, referral);
    }
}
