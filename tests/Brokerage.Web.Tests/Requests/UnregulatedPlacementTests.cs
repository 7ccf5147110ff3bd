using System.Net;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Placements;
using Brokerage.Core.Referrals;
using Brokerage.Core.Requests;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Requests;

public sealed class UnregulatedPlacementTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    [Fact]
    public async Task AcceptingAnOfferOfUnregulatedProvision_WaitsForAssistantDirectorApprovalAndIssuesNoRecordYet()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var now = factory.Time.GetUtcNow().UtcDateTime;
        var setting = await factory.WithDbAsync(async db =>
        {
            var unregulated = new Setting
            {
                ProviderId = 2, Name = "Test unregulated flat", Type = PlacementType.SupportedAccommodation, Registration = Registration.Unregulated,
                Contract = ContractArrangement.Spot, Postcode = "AM1 9ZZ", Locality = "Amberford", Latitude = 52.262, Longitude = -1.248, InCounty = true,
                Places = 1, PlacesFilled = 0, MinAge = 16, MaxAge = 17, GendersAccepted = GendersAccepted.Any, WeeklyRate = 1500, StabilityRate = 0.6,
            };
            db.Settings.Add(unregulated);
            await db.SaveChangesAsync();
            return unregulated;
        });
        var request = await services.GetRequiredService<PlacementRequestService>().CreateAsync(new CreatePlacementRequestOptions
        {
            ChildReference = "CH-UNREG16", DateOfBirth = DateOnly.FromDateTime(now.AddYears(-16).AddDays(-30)), Gender = Gender.Male, Ethnicity = "African",
            LegalStatus = LegalStatus.Section20, IsSeparatedChild = true, HomeLocality = "Amberford", PlacementType = PlacementType.SupportedAccommodation,
            NoticeReceivedAt = now, RequiredFrom = now.AddDays(2), WeeklyBudget = 1600, MaxDistanceMiles = 20, CreatedBy = "broker@ambershire.example",
        });
        var run = await services.GetRequiredService<MatchingService>().RunAsync(new RunMatchingOptions(request.Id, "broker@ambershire.example", "Test"));
        var candidate = run.Candidates.Single(c => c.SettingId == setting.Id);
        Assert.Equal(EligibilityOutcome.NeedsApproval, candidate.Outcome);
        await services.GetRequiredService<ReferralService>().SendAsync(new SendReferralsOptions(request.Id, run.Id, [setting.Id], "broker@ambershire.example"));
        var referral = await factory.WithDbAsync(db => db.Referrals.Include(r => r.Setting).ThenInclude(s => s.Provider).SingleAsync(r => r.PlacementRequestId == request.Id));
        var offer = await Scenario.OfferAsync(factory, referral, 1500);
        var version = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == request.Id).Select(r => r.Version).SingleAsync());

        // A fresh scope, as each web request has: the first one still tracks the referral as it was before the offer.
        await using var acceptScope = factory.Services.CreateAsyncScope();
        var placement = await acceptScope.ServiceProvider.GetRequiredService<PlacementService>().AcceptOfferAsync(new AcceptOfferOptions(request.Id, offer.Id, version, "broker@ambershire.example"));

        Assert.Equal(PlacementStatus.AwaitingApproval, placement.Status);
        Assert.Null(placement.ConfirmedAt);
        Assert.Contains("assistant director", placement.ApprovalReason, StringComparison.Ordinal);
        var broker = await Browser.SignedInAsync(factory, "broker@ambershire.example");
        var (page, document) = await broker.GetAsync($"/requests/{request.Id}/placement");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.NotNull(document.QuerySelector("[data-testid=awaiting-approval]"));
        Assert.Null(document.QuerySelector("[data-testid=download-record]"));
        var (record, _) = await broker.GetAsync($"/requests/{request.Id}/placement?handler=Record");
        Assert.Equal(HttpStatusCode.NotFound, record.StatusCode);
    }
}
