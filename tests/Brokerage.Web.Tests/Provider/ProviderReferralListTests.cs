using System.Net;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Provider;

public sealed class ProviderReferralListTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    private const int PageSize = Pages.Provider.Referrals.IndexModel.PageSize;

    [Fact]
    public async Task ReferralList_ShowsEveryWaitingReferral_AndPagesTheEarlierOnesLatestFirst()
    {
        var waiting = (await Scenario.RequestWithReferralsAsync(factory, "CH-PAGING1", 1)).Referrals[0];
        var closedSearch = (await Scenario.RequestWithReferralsAsync(factory, "CH-PAGING2", 1)).Referrals[0];
        var providerId = waiting.ProviderId;
        var sentAt = waiting.SentAt;

        // A provider's history: answers given over the past weeks, and a search that closed before it answered.
        var earlierRequests = new List<PlacementRequest>();
        for (var day = 1; day <= PageSize + 5; day++)
        {
            earlierRequests.Add(await Scenario.CreateRequestAsync(factory, $"CH-PAGED{day:00}"));
        }

        var declined = await factory.WithDbAsync(async db =>
        {
            var rows = Enumerable.Range(1, PageSize + 5).Select(day => new Referral
            {
                PlacementRequestId = earlierRequests[day - 1].Id,
                SettingId = waiting.SettingId,
                ProviderId = providerId,
                SentAt = sentAt.AddDays(-day - 1),
                SentBy = TestUsers.Broker,
                RespondBy = sentAt.AddDays(-day),
                Status = ReferralStatus.Declined,
                DeclineReason = DeclineReason.NoVacancy,
                RespondedAt = sentAt.AddDays(-day),
                RespondedBy = "provider",
            }).ToList();
            db.Referrals.AddRange(rows);
            var closed = await db.Referrals.Include(r => r.PlacementRequest).SingleAsync(r => r.Id == closedSearch.Id);
            closed.PlacementRequest.Status = RequestStatus.Closed;
            closed.ProviderId = providerId;
            closed.SettingId = waiting.SettingId;
            await db.SaveChangesAsync();
            return rows;
        });
        var provider = await Browser.SignedInAsync(factory, waiting.Setting.Provider.ReferralEmail);

        var (firstResponse, first) = await provider.GetAsync("/provider/referrals");
        var (_, second) = await provider.GetAsync("/provider/referrals?page=2");
        var (_, beyond) = await provider.GetAsync("/provider/referrals?page=99");
        var (_, nonsense) = await provider.GetAsync("/provider/referrals?page=-1%27");

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        int[] RowIds(AngleSharp.Html.Dom.IHtmlDocument page, string table) =>
            [.. page.QuerySelectorAll($"[data-testid={table}] tbody tr").Select(row => int.Parse(row.GetAttribute("data-testid")!["referral-".Length..]))];

        // Waiting referrals are on every page: they are the ones with a deadline.
        Assert.Equal([waiting.Id], RowIds(first, "waiting-referrals"));
        Assert.Equal([waiting.Id], RowIds(second, "waiting-referrals"));

        // The closed search was touched most recently (sent now, never answered), then answers newest first.
        var expected = new[] { closedSearch.Id }.Concat(declined.Select(r => r.Id)).ToArray();
        Assert.Equal(expected[..PageSize], RowIds(first, "earlier-referrals"));
        Assert.Equal(expected[PageSize..], RowIds(second, "earlier-referrals"));
        Assert.Equal(expected[PageSize..], RowIds(beyond, "earlier-referrals"));
        Assert.Equal(expected[..PageSize], RowIds(nonsense, "earlier-referrals"));

        Assert.Equal("Search closed", first.QuerySelector($"[data-testid=referral-{closedSearch.Id}] td:last-child strong")!.TextContent.Trim());
        Assert.Equal("Not answered", first.QuerySelectorAll($"[data-testid=referral-{closedSearch.Id}] td")[3].TextContent.Trim());
        Assert.Contains("(page 2 of 2)", second.Title, StringComparison.Ordinal);
        Assert.NotNull(first.QuerySelector("[data-testid=pagination] a[rel=next][href='/provider/referrals?page=2#earlier']"));
        Assert.NotNull(second.QuerySelector("[data-testid=pagination] a[aria-current=page][href='/provider/referrals?page=2#earlier']"));
    }
}
