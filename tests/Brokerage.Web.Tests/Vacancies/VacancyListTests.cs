using System.Net;
using AngleSharp.Html.Dom;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Brokerage.Web.Tests.Infrastructure.VacancyScenario;

namespace Brokerage.Web.Tests.Vacancies;

public sealed class VacancyListTests
{
    private const int PageSize = Pages.Vacancies.IndexModel.PageSize;

    [Fact]
    public async Task CurrentVacanciesAreAllListedOpenFirst_AndPastOnesArePagedLatestFirst_ForTheCouncilAndTheProvider()
    {
        using var factory = new BrokerageWebFactory();
        var provider = await ProviderAsync(factory);
        var inScheme = await InSchemeAsync(factory, "Scheme household", readyInDays: 2);
        var open = await NotifyAsync(factory, await HouseholdAsync(factory, provider.Id, "Open household"), readyInDays: 5);

        // Two years of vacancies that have closed: more than a page of them, each notified a week apart.
        var past = await factory.WithDbAsync(async db =>
        {
            var template = await db.Vacancies.AsNoTracking().SingleAsync(v => v.Id == open.Id);
            var rows = Enumerable.Range(1, PageSize + 3).Select(week => new Vacancy
            {
                ProviderId = template.ProviderId, SettingId = template.SettingId, Places = 1, MinAge = 0, MaxAge = 17, Genders = GendersAccepted.Any,
                ReadyFrom = template.ReadyFrom.AddDays(-7 * week), WeeklyCost = 850, NotifiedAt = template.NotifiedAt.AddDays(-7 * week),
                NotifiedBy = template.NotifiedBy, Status = week % 3 == 0 ? VacancyStatus.Withdrawn : VacancyStatus.Expired,
            }).ToList();
            db.Vacancies.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(v => v.Id).ToArray();
        });

        var broker = await Browser.SignedInAsync(factory, Broker);
        var (councilResponse, council) = await broker.GetAsync("/vacancies");
        var (_, councilSecond) = await broker.GetAsync("/vacancies?page=2");

        Assert.Equal(HttpStatusCode.OK, councilResponse.StatusCode);
        // Open to Ambershire's own children before those already in the regional scheme.
        Assert.Equal([open.Id, inScheme], Ids(council, "vacancies"));
        Assert.Equal(past[..PageSize], Ids(council, "earlier-vacancies"));
        Assert.Equal(past[PageSize..], Ids(councilSecond, "earlier-vacancies"));
        Assert.Equal([open.Id, inScheme], Ids(councilSecond, "vacancies"));

        var own = await Browser.SignedInAsync(factory, provider.ReferralEmail);
        var (_, mine) = await own.GetAsync("/provider/vacancies");
        var (_, mineSecond) = await own.GetAsync("/provider/vacancies?page=2");

        Assert.Equal([open.Id, inScheme], Ids(mine, "vacancies"));
        Assert.Equal(past[..PageSize], Ids(mine, "earlier-vacancies"));
        Assert.Equal(past[PageSize..], Ids(mineSecond, "earlier-vacancies"));
        Assert.NotNull(mine.QuerySelector("[data-testid=pagination] a[rel=next][href='/provider/vacancies?page=2#earlier']"));
    }

    private static int[] Ids(IHtmlDocument page, string list) =>
        [.. page.QuerySelectorAll($"[data-testid={list}] [data-testid^=vacancy-]").Select(row => int.Parse(row.GetAttribute("data-testid")!["vacancy-".Length..]))];
}
