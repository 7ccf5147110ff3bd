using System.Globalization;
using System.Net;
using Brokerage.Core;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Brokerage.Core.Reports;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Requests;

/// <summary>A request records the preferred type of placement and the others the plan finds suitable (DfE Placements Data Standard).</summary>
public sealed class PlacementTypePreferenceTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    [Fact]
    public async Task FosteringPreferred_ChildrensHomesSuitable_CanBePlacedInAChildrensHome_AndTheReportCountsADifferentTypeSecured()
    {
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var form = new RequestBuilder("CH-TYPES01") { Age = 13, Gender = Gender.Female, Needs = Needs.None, RequiredIn = TimeSpan.FromDays(16) }.ToForm(factory.Time.GetUtcNow());

        var created = await broker.SubmitAsync("/requests/new", form, repeated: [new("AlsoSuitable", "ChildrensHome")]);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var requestId = int.Parse(created.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        var (_, details) = await broker.GetAsync($"/requests/{requestId}");
        Assert.Equal("Foster care (preferred); also suitable: Children's home", details.QuerySelector("[data-testid=placement-types]")!.TextContent.Trim());

        var run = await factory.Services.MatchAsync(requestId);
        var candidates = await factory.WithDbAsync(db => db.MatchCandidates.Include(c => c.Setting).Where(c => c.MatchingRunId == run.Id).ToListAsync());
        var homes = candidates.Where(c => c.Setting.Type == PlacementType.ChildrensHome && c.Outcome == EligibilityOutcome.Eligible).ToList();
        Assert.NotEmpty(homes);
        // Each suitable home is marked down for not being the preferred type; no fostering setting is.
        Assert.All(homes, c => Assert.Contains(c.ScoreLines, l => l.Rule == "SuitableButNotThePreferredType" && l.Points == -15));
        Assert.All(candidates.Where(c => c.Setting.Type == PlacementType.Fostering), c => Assert.DoesNotContain(c.ScoreLines, l => l.Rule == "SuitableButNotThePreferredType"));
        // Types the plan did not mark suitable are left out, whatever else fits.
        Assert.All(candidates.Where(c => c.Setting.Type is PlacementType.SupportedAccommodation or PlacementType.CareHome), c =>
        {
            Assert.Equal(EligibilityOutcome.Excluded, c.Outcome);
            Assert.Contains(c.Findings, f => f.Rule == "ProvidesASuitablePlacementType");
        });

        var securedBefore = await FosteringPreferredSecuredAsAChildrensHomeAsync();
        var home = homes.Where(c => c.Setting.Places - c.Setting.PlacesFilled >= 1).OrderBy(c => c.Rank).First();
        var referrals = await factory.Services.ReferAsync(requestId, run.Id, [home.SettingId]);
        var offer = await factory.Services.OfferAsync(referrals[0].Id, 4200);
        var version = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == requestId).Select(r => r.Version).SingleAsync());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PlacementService>().AcceptOfferAsync(new AcceptOfferOptions(requestId, offer.Id, version, TestUsers.Broker));
        }

        Assert.Equal(securedBefore + 1, await FosteringPreferredSecuredAsAChildrensHomeAsync());
    }

    [Fact]
    public async Task AChangeToTheSuitableTypes_IsKeptOnTheRequest_AndTheFormShowsItAgain()
    {
        var request = await Scenario.CreateRequestAsync(factory, "CH-TYPES02");
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var (_, page) = await broker.GetAsync($"/requests/{request.Id}/edit");
        var fields = Browser.FormValues(page, "input[name=Version]").Where(f => f.Key != "AlsoSuitable").ToList();

        var changed = await broker.PostAsync($"/requests/{request.Id}/edit", [.. fields, new("AlsoSuitable", "ChildrensHome"), new("AlsoSuitable", "Fostering")]);

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        // Fostering is the preferred type, so ticking it as "also suitable" adds nothing.
        Assert.Equal(PlacementTypes.ChildrensHome, await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == request.Id).Select(r => r.AlsoSuitableTypes).SingleAsync()));
        var (_, again) = await broker.GetAsync($"/requests/{request.Id}/edit");
        Assert.True(again.QuerySelector("[data-testid=also-suitable-ChildrensHome]")!.HasAttribute("checked"));
        Assert.False(again.QuerySelector("[data-testid=also-suitable-SupportedAccommodation]")!.HasAttribute("checked"));
    }

    /// <summary>The type-secured report's count of placements where fostering was preferred and a children's home secured, over the last year.</summary>
    private async Task<int> FosteringPreferredSecuredAsAChildrensHomeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var today = UkTime.Today(factory.Time);
        var table = (await scope.ServiceProvider.GetRequiredService<SufficiencyReports>().BuildAsync("type-secured", new ReportPeriod(today.AddYears(-1), today.AddDays(30))))!;
        var row = table.Rows.Single(r => r[0] == "Foster care");
        var cell = row[table.Columns.ToList().IndexOf("Secured: Children's home")];
        return int.Parse(cell.Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }
}
