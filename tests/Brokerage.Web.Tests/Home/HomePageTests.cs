using System.Net;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Home;

/// <summary>Each role's home page lists the work that needs them, most urgent first.</summary>
public sealed class HomePageTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    [Fact]
    public async Task TheBrokersHome_PutsAnOverdueCrisisFirst_ThenAHoldLapsingToday_AndAnOfferWaiting_EachLinkingToWhereItIsDone()
    {
        // A crisis needed in an hour; a request with an offer; another with an offer held in principle.
        var crisis = await factory.Services.CreateRequestAsync(new RequestBuilder("CH-HOME01") { RequiredIn = TimeSpan.FromHours(1) });
        var offered = await Scenario.RequestWithReferralsAsync(factory, "CH-HOME02", referralCount: 1, requiredInDays: 20);
        await Scenario.OfferAsync(factory, offered.Referrals[0], 900);
        var held = await Scenario.RequestWithReferralsAsync(factory, "CH-HOME03", referralCount: 1, requiredInDays: 20);
        var heldOffer = await Scenario.OfferAsync(factory, held.Referrals[0], 950);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PlacementService>().HoldOfferAsync(new HoldOfferOptions(held.RequestId, heldOffer.Id, TestUsers.Broker));
        }

        // Two hours on, the crisis is an hour overdue, and the hold runs out this evening.
        factory.Time.Advance(TimeSpan.FromHours(2));
        var evening = Core.UkTime.ToUtc(Core.UkTime.Today(factory.Time).ToDateTime(new TimeOnly(21, 0)));
        await factory.WithDbAsync(db => db.Offers.Where(o => o.Id == heldOffer.Id).ExecuteUpdateAsync(u => u.SetProperty(o => o.HeldUntil, evening)));

        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var (response, page) = await broker.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = page.QuerySelectorAll("[data-testid=work-item]").ToList();
        int IndexOf(string kind, string href) => items.FindIndex(i => i.GetAttribute("data-kind") == kind && i.QuerySelector("a")!.GetAttribute("href") == href);
        var crisisAt = IndexOf("NeededSoon", $"/requests/{crisis.Id}");
        var holdAt = IndexOf("HoldLapsing", $"/requests/{held.RequestId}/offers");
        var offerAt = IndexOf("OfferWaiting", $"/requests/{offered.RequestId}/offers");
        Assert.True(crisisAt >= 0 && holdAt >= 0 && offerAt >= 0, $"crisis {crisisAt}, hold {holdAt}, offer {offerAt}");
        Assert.StartsWith("overdue by 1 hr", items[crisisAt].QuerySelector("[data-testid=due]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains(Core.UkTime.FormatWithWeekday(crisis.RequiredFrom), items[crisisAt].TextContent, StringComparison.Ordinal);
        // Most urgent first: the overdue crisis, then the hold lapsing tonight, then the offer on a request needed in 20 days.
        Assert.True(crisisAt < holdAt && holdAt < offerAt, $"crisis {crisisAt}, hold {holdAt}, offer {offerAt}");
        // The held offer is lapsing, not waiting: it is listed once.
        Assert.Equal(-1, IndexOf("OfferWaiting", $"/requests/{held.RequestId}/offers"));
    }

    [Fact]
    public async Task AProvidersHome_ListsItsReferralsWaitingWithTheirDeadlines_AndNoOtherProvidersWork()
    {
        var referred = await Scenario.RequestWithReferralsAsync(factory, "CH-HOME04", referralCount: 3);
        var referral = referred.Referrals[0];
        var provider = await Browser.SignedInAsync(factory, referral.Setting.Provider.ReferralEmail);

        var (_, page) = await provider.GetAsync("/");

        var hrefs = page.QuerySelectorAll("[data-testid=work-item][data-kind=ReferralToAnswer] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/provider/referrals/{referral.Id}", hrefs);
        var theirs = await factory.WithDbAsync(db => db.Referrals.Where(r => r.ProviderId == referral.ProviderId && r.Status == ReferralStatus.Sent).Select(r => r.Id).ToListAsync());
        Assert.Equal(theirs.Order().Select(id => $"/provider/referrals/{id}"), hrefs.Order());
        Assert.Contains("due in", page.QuerySelector($"[data-testid=work-item]:has(a[href='/provider/referrals/{referral.Id}']) [data-testid=due]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomeoneSignedOut_SeesWhatTheServiceIsAndHowToSignIn()
    {
        var (response, page) = await Browser.For(factory).GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(page.QuerySelector("[data-testid=work-items]"));
        Assert.NotNull(page.QuerySelector("a[href='/sign-in']"));
    }
}
