using Brokerage.Core;
using Brokerage.Core.Approvals;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>Requests, unregulated offers and risk assessments for the approval tests, through the Core services.</summary>
public static class ApprovalScenario
{
    public const string Broker = TestUsers.Broker;
    public const string AssistantDirector = TestUsers.AssistantDirector;

    public sealed record Offered(int RequestId, int RunId, Referral Referral, Offer Offer, Setting Setting);

    /// <summary>A fictional unregulated or unregistered setting near Amberford with one free place.</summary>
    public static Task<Setting> AddSettingAsync(BrokerageWebFactory factory, string name, PlacementType type, Registration registration, int minAge, int maxAge) =>
        factory.Services.AddSettingAsync(SettingBuilder.UnregulatedFlat(name) with { Type = type, Registration = registration, MinAge = minAge, MaxAge = maxAge }, providerId: 2);

    public static async Task<(int RequestId, int RunId)> RequestAsync(BrokerageWebFactory factory, string childReference, int age, PlacementType type, Urgency urgency = Urgency.Emergency)
    {
        var request = await factory.Services.CreateRequestAsync(new RequestBuilder(childReference)
        {
            Age = age, Ethnicity = "African", LegalStatus = LegalStatus.Section20, Needs = Needs.None, HomeLocality = "Amberford", HomePostcode = null,
            PlacementType = type, WeeklyBudget = 4000,
        }.At(urgency));
        var run = await factory.Services.MatchAsync(request.Id);
        return (request.Id, run.Id);
    }

    /// <summary>A 16-year-old referred to unregulated supported accommodation, which has offered a place.</summary>
    public static async Task<Offered> UnregulatedOfferAsync(BrokerageWebFactory factory, string childReference, Urgency urgency = Urgency.Emergency)
    {
        var setting = await AddSettingAsync(factory, $"Unregulated flat for {childReference}", PlacementType.SupportedAccommodation, Registration.Unregulated, 16, 17);
        var (requestId, runId) = await RequestAsync(factory, childReference, 16, PlacementType.SupportedAccommodation, urgency);
        await factory.Services.ReferAsync(requestId, runId, [setting.Id]);
        return await OfferFromAsync(factory, requestId, runId, setting);
    }

    public static async Task<Offered> OfferFromAsync(BrokerageWebFactory factory, int requestId, int runId, Setting setting)
    {
        var referral = await factory.WithDbAsync(db => db.Referrals.Include(r => r.Setting).ThenInclude(s => s.Provider).SingleAsync(r => r.PlacementRequestId == requestId && r.SettingId == setting.Id));
        var offer = await Scenario.OfferAsync(factory, referral, 1450);
        return new Offered(requestId, runId, referral, offer, setting);
    }

    public static RaiseApprovalOptions RiskAssessment(BrokerageWebFactory factory, Offered offered, string? noRegulatedOptionReason = null) => new()
    {
        RequestId = offered.RequestId,
        OfferId = offered.Offer.Id,
        HowNeedsAreMet = "Staffed flat with 24-hour on-site support worker; college place kept",
        QualityChecks = QualityCheck.AccommodationVisited | QualityCheck.StaffVettingSeen | QualityCheck.SafeguardingPoliciesSeen,
        QualityAssuranceNotes = "Fire certificate requested from landlord, due Friday",
        Risks =
        [
            new RiskItem("Going missing at night", "Night waking staff and a missing-from-care protocol", "Social worker J. Okafor"),
            new RiskItem("Contact with exploiting adults", "Police intelligence sharing and a safety plan", "Team manager R. Singh"),
        ],
        VisitingFrequency = VisitingFrequency.TwiceWeekly,
        RegistrationAppliedOn = UkTime.Today(factory.Time).AddDays(-30),
        RegistrationExpectedBy = UkTime.Today(factory.Time).AddDays(60),
        ProposedReviewDate = UkTime.Today(factory.Time).AddDays(14),
        NoRegulatedOptionReason = noRegulatedOptionReason,
        Actor = Broker,
    };

    public static async Task<ApprovalRequest> RaiseAsync(BrokerageWebFactory factory, RaiseApprovalOptions options)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApprovalService>().RaiseAsync(options);
    }

    public static async Task<ApprovalRequest> DecideAsync(BrokerageWebFactory factory, int approvalId, ApprovalDecision decision, string? conditions = null, string actor = AssistantDirector)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var version = await factory.WithDbAsync(db => db.ApprovalRequests.Where(a => a.Id == approvalId).Select(a => a.Version).SingleAsync());
        return await scope.ServiceProvider.GetRequiredService<ApprovalService>().DecideAsync(
            new DecideApprovalOptions(approvalId, version, decision, "Only safe bed tonight; risks are managed", conditions, actor));
    }

    public static async Task<Placement> AcceptAsync(BrokerageWebFactory factory, Offered offered, decimal health = 0, decimal education = 0)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var version = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == offered.RequestId).Select(r => r.Version).SingleAsync());
        return await scope.ServiceProvider.GetRequiredService<Core.Placements.PlacementService>().AcceptOfferAsync(
            new Core.Placements.AcceptOfferOptions(offered.RequestId, offered.Offer.Id, version, Broker, health, education));
    }
}
