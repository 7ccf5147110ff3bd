using System.Net;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Provider;

[Collection(SharedApp.Name)]
public sealed class ProviderIsolationTests(BrokerageWebFactory factory)
{
    [Fact]
    public async Task Provider_CannotSeeOrAnswerAnotherProvidersReferral()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-ISOLATE", 1);
        var referral = scenario.Referrals[0];
        var outsider = await factory.WithDbAsync(db => db.Providers.Where(p => p.Id != referral.ProviderId).OrderBy(p => p.Id).Select(p => p.ReferralEmail).FirstAsync());
        var other = await Browser.SignedInAsync(factory, outsider);

        var (view, _) = await other.GetAsync($"/provider/referrals/{referral.Id}");
        var (list, listPage) = await other.GetAsync("/provider/referrals");
        var token = listPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var answer = await other.Client.PostAsync($"/provider/referrals/{referral.Id}", new FormUrlEncodedContent(
            [new("Answer", "decline"), new("DeclineReason", "NoVacancy"), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.DoesNotContain("CH-ISOLATE", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await factory.WithDbAsync(db => db.Referrals.SingleAsync(r => r.Id == referral.Id));
        Assert.Equal(Core.Domain.ReferralStatus.Sent, stored.Status);
    }

    [Fact]
    public async Task Provider_SeesOnlyTheAnonymisedProfileOfTheChild()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-ANON77", 1);
        var referral = scenario.Referrals[0];
        var provider = await Browser.SignedInAsync(factory, referral.Setting.Provider.ReferralEmail);

        var (response, page) = await provider.GetAsync($"/provider/referrals/{referral.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = page.Body!.InnerHtml;
        Assert.Contains("Corlingham", html, StringComparison.Ordinal);
        Assert.StartsWith("9 years old", page.QuerySelector("[data-testid=profile-age]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("CH-ANON77", html, StringComparison.Ordinal);
        Assert.DoesNotContain("AM4 1ZZ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Any other Mixed background", html, StringComparison.Ordinal);
        var dob = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == scenario.RequestId).Select(r => r.DateOfBirth).SingleAsync());
        Assert.DoesNotContain(Core.UkTime.Format(dob), html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/requests")]
    [InlineData("/requests/new")]
    [InlineData("/admin/outbox")]
    public async Task Provider_IsRefusedCouncilPages(string url)
    {
        var referralEmail = await factory.WithDbAsync(db => db.Providers.OrderBy(p => p.Id).Select(p => p.ReferralEmail).Skip(3).FirstAsync());
        var provider = await Browser.SignedInAsync(factory, referralEmail);

        var (response, _) = await provider.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broker_IsRefusedProviderPages()
    {
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);

        var (response, _) = await broker.GetAsync("/provider/referrals");

        Assert.StartsWith("/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }
}
