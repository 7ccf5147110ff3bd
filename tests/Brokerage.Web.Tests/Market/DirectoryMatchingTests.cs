using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Brokerage.Core.Placements;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Market;

/// <summary>
/// The directory a commissioner keeps is the market matching sees: a setting added, a contract
/// ended, a registration cancelled or a place filled counts in the next matching run, on the day the
/// child needs the place. An app of its own, because these tests add settings every search would see.
/// </summary>
public sealed class DirectoryMatchingTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    private DateOnly Today => UkTime.Today(factory.Services.GetRequiredService<TimeProvider>());

    [Fact]
    public async Task CommissionerAddsProviderAndSetting_NextMatchingListsItWithReasons()
    {
        var lot = await factory.Services.AddLotAsync("Foster care 2026", "Standard");
        var setting = await factory.Services.AddProviderWithSettingAsync("Quaywood Fostering", MarketSteps.Household("Quaywood carers"));
        await factory.Services.AddContractAsync(setting.Id, ContractArrangement.Framework, Today.AddDays(-1), lotId: lot.Id);

        var run = await factory.Services.MatchAsync((await Scenario.CreateRequestAsync(factory, "CH-DIR-NEW")).Id);

        var candidate = run.Candidates.Single(c => c.SettingId == setting.Id);
        Assert.Equal(EligibilityOutcome.Eligible, candidate.Outcome);
        Assert.Contains(candidate.ScoreLines, l => l.Rule == "FrameworkAgreedPriceAndQuality");
        Assert.Contains(candidate.ScoreLines, l => l.Rule == "MeetsChildsNeeds");
        var arrangement = await factory.WithDbAsync(db => db.Settings.Where(s => s.Id == setting.Id).Select(s => new { s.Contract, s.FrameworkLot }).SingleAsync());
        Assert.Equal((ContractArrangement.Framework, "Standard"), (arrangement.Contract, arrangement.FrameworkLot));
    }

    [Fact]
    public async Task ThreeOtherwiseIdenticalSettings_RankBlockThenFrameworkThenSpot()
    {
        var lot = await factory.Services.AddLotAsync("Foster care 2026", "Ranking");
        var spot = await factory.Services.AddProviderWithSettingAsync("Spot Family Care", MarketSteps.Household("Spot household"));
        var framework = await factory.Services.AddProviderWithSettingAsync("Framework Family Care", MarketSteps.Household("Framework household"));
        var block = await factory.Services.AddProviderWithSettingAsync("Block Family Care", MarketSteps.Household("Block household"));
        await factory.Services.AddContractAsync(framework.Id, ContractArrangement.Framework, Today.AddYears(-1), lotId: lot.Id);
        await factory.Services.AddContractAsync(block.Id, ContractArrangement.BlockContract, Today.AddYears(-1));

        var run = await factory.Services.MatchAsync((await Scenario.CreateRequestAsync(factory, "CH-DIR-RANK")).Id);

        int Rank(Setting s) => run.Candidates.Single(c => c.SettingId == s.Id).Rank!.Value;
        Assert.True(Rank(block) < Rank(framework), $"block {Rank(block)}, framework {Rank(framework)}");
        Assert.True(Rank(framework) < Rank(spot), $"framework {Rank(framework)}, spot {Rank(spot)}");
    }

    [Fact]
    public async Task SettingOnAFosteringLot_CannotBecomeAChildrensHome_UntilThatContractEnds()
    {
        var lot = await factory.Services.AddLotAsync("Foster care 2026", "Type change");
        var setting = await factory.Services.AddProviderWithSettingAsync("Retyped Fostering", MarketSteps.Household("Retyped carers"));
        var contract = await factory.Services.AddContractAsync(setting.Id, ContractArrangement.Framework, Today.AddYears(-1), lotId: lot.Id);
        var asHome = MarketSteps.Household("Retyped carers") with { Type = PlacementType.ChildrensHome, Registration = Registration.OfstedChildrensHome, OfstedUrn = setting.OfstedUrn, MinAge = 8 };

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => factory.Services.AsCommissionerAsync((d, who) => d.UpdateSettingAsync(setting.Id, asHome, who)));
        await factory.Services.AsCommissionerAsync((d, who) => d.UpdateContractAsync(setting.Id, contract.Id, new ContractDetails
        {
            Arrangement = ContractArrangement.Framework, FrameworkLotId = lot.Id, AgreedWeeklyPrice = 900, StartsOn = Today.AddYears(-1), EndsOn = Today.AddDays(-1),
        }, who));
        var changed = await factory.Services.AsCommissionerAsync((d, who) => d.UpdateSettingAsync(setting.Id, asHome, who));

        var error = Assert.Single(refused.Errors);
        Assert.Equal((nameof(SettingDetails.Type), "The setting has a framework contract on the lot Type change (Foster care 2026), which buys another type of placement. End that contract first"), (error.Field, error.Message));
        Assert.Equal(PlacementType.ChildrensHome, changed.Type);
    }

    [Fact]
    public async Task ContractCalendar_BringsTheArrangementTodayToTheContractInForce()
    {
        var setting = await factory.Services.AddProviderWithSettingAsync("Calendar Fostering", MarketSteps.Household("Calendar carers"));
        await factory.Services.AddContractAsync(setting.Id, ContractArrangement.BlockContract, Today.AddDays(-1));
        // As it stood last night, before the contract started. (The sweep writes only the two cached
        // columns, so a place filled meanwhile cannot be undone by it; that is by construction, not tested here.)
        await factory.WithDbAsync(db => db.Settings.Where(s => s.Id == setting.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Contract, ContractArrangement.Spot).SetProperty(s => s.PlacesFilled, 1)));

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Brokerage.Core.Jobs.ContractCalendarJob>().ExecuteAsync(CancellationToken.None);
        }

        var saved = await factory.WithDbAsync(db => db.Settings.SingleAsync(s => s.Id == setting.Id));
        Assert.Equal((ContractArrangement.BlockContract, 1), (saved.Contract, saved.PlacesFilled));
    }

    [Fact]
    public async Task ContractThatEndsBeforeTheChildNeedsThePlace_IsJudgedSpot()
    {
        var lot = await factory.Services.AddLotAsync("Foster care 2026", "Ending");
        var setting = await factory.Services.AddProviderWithSettingAsync("Lapsing Fostering", MarketSteps.Household("Lapsing carers"));
        await factory.Services.AddContractAsync(setting.Id, ContractArrangement.Framework, Today.AddYears(-2), endsOn: Today.AddDays(10), lotId: lot.Id);

        var before = await factory.Services.MatchAsync((await factory.Services.CreateRequestAsync(new RequestBuilder("CH-DIR-END1") { RequiredIn = TimeSpan.FromDays(5) })).Id);
        var after = await factory.Services.MatchAsync((await factory.Services.CreateRequestAsync(new RequestBuilder("CH-DIR-END2") { RequiredIn = TimeSpan.FromDays(20) })).Id);

        Assert.Contains(before.Candidates.Single(c => c.SettingId == setting.Id).ScoreLines, l => l.Rule == "FrameworkAgreedPriceAndQuality");
        Assert.DoesNotContain(after.Candidates.Single(c => c.SettingId == setting.Id).ScoreLines, l => l.Rule == "FrameworkAgreedPriceAndQuality");
    }

    [Fact]
    public async Task RegistrationCancelledFromADate_MatchesBeforeItAndMeetsTheUnregisteredGuardrailsAfter()
    {
        var details = MarketSteps.Household("Cancelled carers") with { RegistrationEndsOn = Today.AddDays(10) };
        var setting = await factory.Services.AddProviderWithSettingAsync("Cancelled Fostering", details);

        var before = await factory.Services.MatchAsync((await factory.Services.CreateRequestAsync(new RequestBuilder("CH-DIR-REG1") { RequiredIn = TimeSpan.FromDays(5) })).Id);
        var after = await factory.Services.MatchAsync((await factory.Services.CreateRequestAsync(new RequestBuilder("CH-DIR-REG2") { RequiredIn = TimeSpan.FromDays(20) })).Id);
        var older = await factory.Services.MatchAsync((await factory.Services.CreateRequestAsync(new RequestBuilder("CH-DIR-REG3") { Age = 16, RequiredIn = TimeSpan.FromDays(20) })).Id);

        Assert.Equal(EligibilityOutcome.Eligible, before.Candidates.Single(c => c.SettingId == setting.Id).Outcome);
        var excluded = after.Candidates.Single(c => c.SettingId == setting.Id);
        Assert.Equal(EligibilityOutcome.Excluded, excluded.Outcome);
        Assert.Contains(excluded.Findings, f => f.Rule == "Under16NotInUnregulatedOrUnregistered");
        var approval = older.Candidates.Single(c => c.SettingId == setting.Id);
        Assert.Equal(EligibilityOutcome.NeedsApproval, approval.Outcome);
        Assert.Contains(approval.Findings, f => f.Rule == "UnregulatedNeedsAssistantDirectorApproval");
    }

    [Fact]
    public async Task ChildStillWaitingAfterTheDayNeeded_IsJudgedOnTheRegistrationToday()
    {
        // Registered on the day the child needed the place, cancelled from today: a child still waiting
        // would move in from today, so the home is unregistered provision for them.
        var details = MarketSteps.Household("Lapsed carers") with { RegistrationEndsOn = Today };
        var setting = await factory.Services.AddProviderWithSettingAsync("Lapsed Fostering", details);
        var request = await factory.Services.CreateRequestAsync(new RequestBuilder("CH-DIR-REG4"));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Brokerage.Core.Data.BrokerageDbContext>();
            var neededOn = UkTime.ToUtc(Today.AddDays(-3).ToDateTime(new TimeOnly(12, 0)));
            await db.PlacementRequests.Where(r => r.Id == request.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.RequiredFrom, neededOn));
        }

        var run = await factory.Services.MatchAsync(request.Id);

        var candidate = run.Candidates.Single(c => c.SettingId == setting.Id);
        Assert.Equal(EligibilityOutcome.Excluded, candidate.Outcome);
        Assert.Contains(candidate.Findings, f => f.Rule == "Under16NotInUnregulatedOrUnregistered");
    }

    [Fact]
    public async Task LastFreePlaceTaken_NextRunExcludesTheSettingNoPlacesFree()
    {
        var setting = await factory.Services.AddProviderWithSettingAsync("Single Place Fostering", MarketSteps.Household("Single place carers") with { Places = 1 });
        var (requestId, offerId) = await OfferFromAsync(setting, "CH-DIR-LAST1");

        await AcceptAsync(requestId, offerId);
        var next = await factory.Services.MatchAsync((await Scenario.CreateRequestAsync(factory, "CH-DIR-LAST2")).Id);

        var candidate = next.Candidates.Single(c => c.SettingId == setting.Id);
        Assert.Equal(EligibilityOutcome.Excluded, candidate.Outcome);
        Assert.Contains(candidate.Findings, f => f.Reason == "No places free");
        Assert.Equal(1, await factory.WithDbAsync(db => db.Settings.Where(s => s.Id == setting.Id).Select(s => s.PlacesFilled).SingleAsync()));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.EntityType == nameof(Setting) && a.EntityId == setting.Id && a.Action == "PlacesFilled" && a.After == "1 of 1 filled")));
    }

    [Fact]
    public async Task TwoAcceptancesRaceForTheLastPlace_OnlyOneFillsIt()
    {
        var setting = await factory.Services.AddProviderWithSettingAsync("Race Fostering", MarketSteps.Household("Race carers") with { Places = 1 });
        var first = await OfferFromAsync(setting, "CH-DIR-RACE1");
        var second = await OfferFromAsync(setting, "CH-DIR-RACE2");

        var outcomes = await Task.WhenAll(TryAcceptAsync(first.RequestId, first.OfferId), TryAcceptAsync(second.RequestId, second.OfferId));

        Assert.Single(outcomes, won => won);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Placements.CountAsync(p => p.SettingId == setting.Id)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Settings.Where(s => s.Id == setting.Id).Select(s => s.PlacesFilled).SingleAsync()));
    }

    [Fact]
    public async Task PlacesOutOfUse_AreNotFreeWhileTheyLast()
    {
        var setting = await factory.Services.AddProviderWithSettingAsync("Respite Fostering", MarketSteps.Household("Respite carers") with { Places = 1 });
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DirectoryService>().RecordUnavailableAsync(setting.Id, new UnavailableDetails
            {
                Places = 1, Reason = UnavailableReason.CarerRespite, From = Today, Until = Today.AddDays(10),
            }, new DirectoryActor("referrals@respite-fostering.example", setting.ProviderId));
        }

        var during = await factory.Services.MatchAsync((await factory.Services.CreateRequestAsync(new RequestBuilder("CH-DIR-OUT1") { RequiredIn = TimeSpan.FromDays(5) })).Id);
        var afterwards = await factory.Services.MatchAsync((await factory.Services.CreateRequestAsync(new RequestBuilder("CH-DIR-OUT2") { RequiredIn = TimeSpan.FromDays(20) })).Id);

        Assert.Contains(during.Candidates.Single(c => c.SettingId == setting.Id).Findings, f => f.Reason == "No places free");
        Assert.Equal(EligibilityOutcome.Eligible, afterwards.Candidates.Single(c => c.SettingId == setting.Id).Outcome);
    }

    private async Task<(int RequestId, int OfferId)> OfferFromAsync(Setting setting, string childReference)
    {
        var run = await factory.Services.MatchAsync((await Scenario.CreateRequestAsync(factory, childReference)).Id);
        var referral = Assert.Single(await factory.Services.ReferAsync(run.PlacementRequestId, run.Id, [setting.Id]));
        var offer = await factory.Services.OfferAsync(referral.Id, 900);
        return (run.PlacementRequestId, offer.Id);
    }

    private async Task AcceptAsync(int requestId, int offerId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var version = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == requestId).Select(r => r.Version).SingleAsync());
        await scope.ServiceProvider.GetRequiredService<PlacementService>().AcceptOfferAsync(new AcceptOfferOptions(requestId, offerId, version, TestUsers.Broker));
    }

    private async Task<bool> TryAcceptAsync(int requestId, int offerId)
    {
        try
        {
            await AcceptAsync(requestId, offerId);
            return true;
        }
        catch (ConflictException)
        {
            return false;
        }
    }
}
