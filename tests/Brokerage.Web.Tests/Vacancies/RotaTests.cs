using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Brokerage.Web.Tests.Infrastructure.VacancyScenario;

namespace Brokerage.Web.Tests.Vacancies;

/// <summary>
/// The regional vacancy scheme's rota. Authorities in rules/vacancy-scheme.json, in order:
/// BRK, HLW, KSD, WYV. The clock starts on Friday 20 November 2026 at 10:00 GMT.
/// </summary>
public sealed class RotaTests
{
    private const RotaOfferStatus Offered = RotaOfferStatus.Offered;
    private const RotaOfferStatus Refused = RotaOfferStatus.Refused;

    [Fact]
    public async Task Rota_OffersEachAuthorityOncePerCycle_MovesANonResponderBehindTheOthers_AndStartsTheNextCycleAtTheFront()
    {
        using var factory = new BrokerageWebFactory();
        var first = await InSchemeAsync(factory, "Rota household 1", readyInDays: 20);
        await RefuseAsync(factory, first);
        await AcceptAsync(factory, first);
        await ConfirmProfileAsync(factory, first);
        Assert.Equal([("BRK", 1, Refused), ("HLW", 1, RotaOfferStatus.ProfileConfirmed)], await RotaAsync(factory, first));

        // The next vacancy goes to the first authority not yet offered one this cycle.
        var second = await InSchemeAsync(factory, "Rota household 2", readyInDays: 20);
        Assert.Equal([("KSD", 1, Offered)], await RotaAsync(factory, second));

        // 24 hours without an answer is a refusal; KSD moves behind the others.
        factory.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await SweepAsync(factory));
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await SweepAsync(factory));
        Assert.Equal([("KSD", 1, RotaOfferStatus.NoResponse), ("WYV", 1, Offered)], await RotaAsync(factory, second));
        Assert.Equal(["BRK", "HLW", "WYV", "KSD"], await OrderAsync(factory));

        // Everyone has now had an offer this cycle, so the next starts at the front of the rota.
        await RefuseAsync(factory, second);
        Assert.Equal([("KSD", 1, RotaOfferStatus.NoResponse), ("WYV", 1, Refused), ("BRK", 2, Offered)], await RotaAsync(factory, second));
        await RefuseAsync(factory, second);
        Assert.Equal(("HLW", 2, Offered), (await RotaAsync(factory, second))[^1]);

        // In cycle 2, BRK and HLW have had theirs: a third vacancy goes to WYV, then KSD (now last).
        var third = await InSchemeAsync(factory, "Rota household 3", readyInDays: 20);
        await RefuseAsync(factory, third);
        Assert.Equal([("WYV", 2, Refused), ("KSD", 2, Offered)], await RotaAsync(factory, third));
    }

    [Fact]
    public async Task AnAuthorityWithTwoVacanciesThroughTheScheme_IsNotOfferedAnother_AndAVacancyNobodyCanTakeLeavesTheScheme()
    {
        using var factory = new BrokerageWebFactory();
        var first = await InSchemeAsync(factory, "Cap household 1", readyInDays: 20);
        await RefuseAsync(factory, first);
        await AcceptAsync(factory, first);
        await ConfirmProfileAsync(factory, first);
        var second = await InSchemeAsync(factory, "Cap household 2", readyInDays: 20);
        await RefuseAsync(factory, second); // KSD
        await RefuseAsync(factory, second); // WYV
        await RefuseAsync(factory, second); // BRK, cycle 2
        await AcceptAsync(factory, second); // HLW, cycle 2: its second
        await ConfirmProfileAsync(factory, second);

        var third = await InSchemeAsync(factory, "Cap household 3", readyInDays: 20);
        while ((await RotaAsync(factory, third)).Any(o => o.Status == Offered))
        {
            await RefuseAsync(factory, third);
        }

        var offers = await RotaAsync(factory, third);
        Assert.DoesNotContain(offers, o => o.Code == "HLW");
        Assert.Equal(["KSD", "WYV", "BRK"], offers.Select(o => o.Code));
        Assert.Equal(VacancyStatus.Expired, await factory.WithDbAsync(db => db.Vacancies.Where(v => v.Id == third).Select(v => v.Status).SingleAsync()));
        Assert.True(await factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Subject.Contains("Cap household 3 has left the regional scheme"))));
    }

    [Fact]
    public async Task AcceleratedVacancy_MayGoAgainToAnAuthorityThatHasNotAcceptedThisCycle_WhereAnOrdinaryOneMayNot()
    {
        using var factory = new BrokerageWebFactory();
        var soon = await InSchemeAsync(factory, "Soon household 1", readyInDays: 5);
        await RefuseAsync(factory, soon);
        Assert.Equal([("BRK", 1, Refused), ("HLW", 1, Offered)], await RotaAsync(factory, soon));

        var alsoSoon = await InSchemeAsync(factory, "Soon household 2", readyInDays: 5);
        var later = await InSchemeAsync(factory, "Later household", readyInDays: 20);

        Assert.Equal([("BRK", 1, Offered)], await RotaAsync(factory, alsoSoon));
        Assert.Equal([("KSD", 1, Offered)], await RotaAsync(factory, later));
    }

    [Fact]
    public async Task ResponseWindow_Is24HoursBeyondTwoWeeks_Otherwise2HoursOrTheEndOfTheWorkingDay()
    {
        using var factory = new BrokerageWebFactory();
        var friday10 = new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);

        Assert.Equal(friday10.AddHours(24), await RespondByAsync(factory, await InSchemeAsync(factory, "Window 15 days", readyInDays: 15)));
        Assert.Equal(friday10.AddHours(2), await RespondByAsync(factory, await InSchemeAsync(factory, "Window 14 days", readyInDays: 14)));

        // Friday 16:30: two hours would run past closing, so the end of the working day wins.
        factory.Time.SetUtcNow(new DateTime(2026, 11, 20, 16, 30, 0, DateTimeKind.Utc));
        Assert.Equal(new DateTime(2026, 11, 20, 17, 0, 0, DateTimeKind.Utc), await RespondByAsync(factory, await InSchemeAsync(factory, "Window Friday 16:30", readyInDays: 3)));

        // Friday 18:00: the two hours start when the office opens on Monday.
        factory.Time.SetUtcNow(new DateTime(2026, 11, 20, 18, 0, 0, DateTimeKind.Utc));
        Assert.Equal(new DateTime(2026, 11, 23, 11, 0, 0, DateTimeKind.Utc), await RespondByAsync(factory, await InSchemeAsync(factory, "Window Friday 18:00", readyInDays: 3)));
    }

    [Fact]
    public async Task UnconfirmedProfile_IsChasedThenRefused_AndTheVacancyLeavesTheSchemeWhenItsHoldEnds()
    {
        using var factory = new BrokerageWebFactory();
        // Ready today: held free for 3 working days, until Wednesday 25 November at 10:00.
        var vacancy = await InSchemeAsync(factory, "Hold household", readyInDays: 0);
        Assert.Equal(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc), await factory.WithDbAsync(db => db.Vacancies.Where(v => v.Id == vacancy).Select(v => v.HeldUntil!.Value).SingleAsync()));
        await AcceptAsync(factory, vacancy);

        // The provider is chased after 18 hours and the profile refused at 24.
        factory.Time.Advance(TimeSpan.FromHours(18));
        Assert.Equal(1, await SweepAsync(factory));
        Assert.Equal(0, await SweepAsync(factory));
        Assert.True(await factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Subject.StartsWith("Reminder: confirm the match for Hold household"))));
        factory.Time.Advance(TimeSpan.FromHours(6));
        Assert.Equal(1, await SweepAsync(factory));
        Assert.Equal([("BRK", 1, RotaOfferStatus.ProfileRefused), ("HLW", 1, Offered)], await RotaAsync(factory, vacancy));

        // Wednesday 09:59 the hold still runs (HLW's lapse moves the offer on); at 10:00 it ends.
        factory.Time.SetUtcNow(new DateTime(2026, 11, 25, 9, 59, 0, DateTimeKind.Utc));
        await SweepAsync(factory);
        Assert.Equal(VacancyStatus.InScheme, await StatusAsync(factory, vacancy));
        factory.Time.SetUtcNow(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc));
        await SweepAsync(factory);
        Assert.Equal(VacancyStatus.Expired, await StatusAsync(factory, vacancy));
        Assert.DoesNotContain(await RotaAsync(factory, vacancy), o => o.Status == Offered);
        Assert.True(await factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Subject.Contains("Hold household has left the regional scheme"))));
    }

    [Fact]
    public async Task AnAuthorityHoldingSeveralOffers_CannotAcceptMoreThanTwoVacancies()
    {
        using var factory = new BrokerageWebFactory();
        // Accelerated vacancies may all go to BRK in one cycle while it has accepted none.
        var first = await InSchemeAsync(factory, "Held offers 1", readyInDays: 5);
        var second = await InSchemeAsync(factory, "Held offers 2", readyInDays: 5);
        var third = await InSchemeAsync(factory, "Held offers 3", readyInDays: 5);
        Assert.All(new[] { first, second, third }, v => Assert.Equal("BRK", RotaAsync(factory, v).Result.Single().Code));

        await AcceptAsync(factory, first);
        await AcceptAsync(factory, second);
        var refused = await Assert.ThrowsAsync<Core.Common.ConflictException>(() => AcceptAsync(factory, third));

        Assert.Contains("the most it allows", refused.Message, StringComparison.Ordinal);
        Assert.Equal([("BRK", 1, Offered)], await RotaAsync(factory, third));
    }

    [Fact]
    public async Task AMatchWaitingForTheProvider_IsNotWithdrawnWhenTheHoldEnds()
    {
        using var factory = new BrokerageWebFactory();
        var vacancy = await InSchemeAsync(factory, "Late hold household", readyInDays: 0);
        // Tuesday 24 November 16:00: accepted, so the provider has until Wednesday 16:00, past the hold (Wednesday 10:00).
        factory.Time.SetUtcNow(new DateTime(2026, 11, 24, 16, 0, 0, DateTimeKind.Utc));
        await SweepAsync(factory);
        await AcceptAsync(factory, (await RotaAsync(factory, vacancy)).Any(o => o.Status == Offered) ? vacancy : throw new InvalidOperationException("no open offer"));

        factory.Time.SetUtcNow(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc));
        await SweepAsync(factory);
        Assert.Equal(VacancyStatus.InScheme, await StatusAsync(factory, vacancy));
        await ConfirmProfileAsync(factory, vacancy);
        Assert.Equal(VacancyStatus.Matched, await StatusAsync(factory, vacancy));
    }

    private static Task<DateTime> RespondByAsync(BrokerageWebFactory factory, int vacancyId) =>
        factory.WithDbAsync(db => db.RotaOffers.Where(o => o.VacancyId == vacancyId).Select(o => o.RespondBy).SingleAsync());

    private static Task<VacancyStatus> StatusAsync(BrokerageWebFactory factory, int vacancyId) =>
        factory.WithDbAsync(db => db.Vacancies.Where(v => v.Id == vacancyId).Select(v => v.Status).SingleAsync());

    private static Task<List<string>> OrderAsync(BrokerageWebFactory factory) =>
        factory.WithDbAsync(db => db.SchemeAuthorities.OrderBy(a => a.Position).Select(a => a.Code).ToListAsync());
}
