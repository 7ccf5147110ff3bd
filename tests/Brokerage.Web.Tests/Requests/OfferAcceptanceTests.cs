using System.Net;
using Brokerage.Core.Common;
using Brokerage.Core.Placements;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Requests;

public sealed class OfferAcceptanceTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    [Fact]
    public async Task Accept_WhenAnotherBrokerAcceptedFromTheSamePage_ReturnsConflictAndKeepsTheFirstPlacement()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-TWOTABS", 2);
        await Scenario.OfferAsync(factory, scenario.Referrals[0], 900);
        await Scenario.OfferAsync(factory, scenario.Referrals[1], 950);
        var first = await Browser.SignedInAsync(factory, "broker@ambershire.example");
        var second = await Browser.SignedInAsync(factory, "broker2@ambershire.example");

        // Both brokers load the comparison page before either accepts: two tabs, two people.
        var url = $"/requests/{scenario.RequestId}/offers";
        var (_, firstPage) = await first.GetAsync(url);
        var (_, secondPage) = await second.GetAsync(url);
        var firstAction = firstPage.QuerySelectorAll("form").First(f => f.QuerySelector("[data-testid=accept-offer]") is not null).GetAttribute("action");
        var secondAction = secondPage.QuerySelectorAll("form").Last(f => f.QuerySelector("[data-testid=accept-offer]") is not null).GetAttribute("action");

        var accepted = await first.SubmitAsync(url, [], postUrl: firstAction);
        var refused = await second.Client.PostAsync(secondAction, new FormUrlEncodedContent([new("__RequestVerificationToken", secondPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!)]));

        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var page = await Browser.ParseAsync(refused);
        Assert.Contains("An offer has already been accepted for this request", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        var placements = await factory.WithDbAsync(db => db.Placements.Where(p => p.PlacementRequestId == scenario.RequestId).ToListAsync());
        var placement = Assert.Single(placements);
        Assert.Equal(scenario.Referrals[0].SettingId, placement.SettingId);
    }

    [Fact]
    public async Task Accept_TwoOffersAtTheSameMoment_ExactlyOneWins()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-RACE", 2);
        var offerA = await Scenario.OfferAsync(factory, scenario.Referrals[0], 900);
        var offerB = await Scenario.OfferAsync(factory, scenario.Referrals[1], 950);
        var version = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == scenario.RequestId).Select(r => r.Version).SingleAsync());

        async Task<bool> AcceptAsync(int offerId, string actor)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<PlacementService>().AcceptOfferAsync(new AcceptOfferOptions(scenario.RequestId, offerId, version, actor));
                return true;
            }
            catch (ConflictException)
            {
                return false;
            }
        }

        var outcomes = await Task.WhenAll(AcceptAsync(offerA.Id, "broker@ambershire.example"), AcceptAsync(offerB.Id, "broker2@ambershire.example"));

        Assert.Single(outcomes, won => won);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Placements.CountAsync(p => p.PlacementRequestId == scenario.RequestId)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Offers.CountAsync(o => o.Status == Core.Domain.OfferStatus.Accepted && (o.Id == offerA.Id || o.Id == offerB.Id))));
    }
}
