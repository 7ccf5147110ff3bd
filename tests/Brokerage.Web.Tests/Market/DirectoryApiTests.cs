using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Brokerage.Web.Infrastructure;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Market;

/// <summary>The directory through the API: the council's systems keep the market, a provider's system only its own operational facts. An app of its own.</summary>
public sealed class DirectoryApiTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    private HttpClient Client(string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private static object Setting(string urn, int places = 2, int? placesFilled = 0) => new
    {
        name = "Harbour View", type = "ChildrensHome", registration = "OfstedChildrensHome", ofstedUrn = urn, rating = "Good", ratingDate = "2025-05-01",
        postcode = "AM2 4QQ", locality = "Amberford", latitude = 52.27, longitude = -1.25, inCounty = true, places, placesFilled,
        minAge = 11, maxAge = 17, gendersAccepted = "Any", specialisms = new[] { "Semh" }, weeklyRate = 5400,
    };

    [Fact]
    public async Task CouncilSystem_AddsAProviderSettingAndContract_AndFindsTheSettingByUrn()
    {
        var api = Client(Startup.DemoApiKey);

        var provider = await api.PostAsJsonAsync("/api/v1/providers", new { name = "Harbour Homes Ltd", companyNumber = "07654321", referralEmail = "referrals@harbour.example", escalationEmail = "manager@harbour.example" });
        Assert.Equal(HttpStatusCode.Created, provider.StatusCode);
        var providerId = (await provider.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var setting = await api.PostAsJsonAsync($"/api/v1/providers/{providerId}/settings", Setting("SC880001"));
        Assert.Equal(HttpStatusCode.Created, setting.StatusCode);
        var settingId = (await setting.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var contract = await api.PostAsJsonAsync($"/api/v1/settings/{settingId}/contracts", new { arrangement = "BlockContract", reservedPlaces = 2, agreedWeeklyPrice = 5000, startsOn = "2025-04-01" });
        Assert.Equal(HttpStatusCode.Created, contract.StatusCode);

        var found = await api.GetFromJsonAsync<JsonElement>("/api/v1/settings?text=SC880001");
        var row = Assert.Single(found.EnumerateArray());
        Assert.Equal(("Harbour View", "BlockContract", 2), (row.GetProperty("name").GetString(), row.GetProperty("contract").GetString(), row.GetProperty("placesFree").GetInt32()));
        var read = await api.GetFromJsonAsync<JsonElement>($"/api/v1/settings/{settingId}");
        Assert.Equal("BlockContract", read.GetProperty("contractToday").GetString());
    }

    [Fact]
    public async Task BadSetting_ComesBackAsProblemDetailsNamingEachField_AndNothingIsWritten()
    {
        var api = Client(Startup.DemoApiKey);
        var count = await factory.WithDbAsync(db => db.Settings.CountAsync());
        var body = new
        {
            name = "Castle", type = "Castle", registration = "OfstedChildrensHome", ofstedUrn = "SC880002", rating = "Good", ratingDate = "2025-05-01",
            postcode = "12345", locality = "Amberford", latitude = 48.1, longitude = -1.25, places = 1, placesFilled = 2, minAge = 17, maxAge = 11, weeklyRate = 5400,
        };

        var response = await api.PostAsJsonAsync("/api/v1/providers/2/settings", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.All(new[] { "type", "postcode", "latitude", "places", "minAge" }, field => Assert.True(errors.TryGetProperty(field, out _), field));
        Assert.Equal(count, await factory.WithDbAsync(db => db.Settings.CountAsync()));
    }

    [Fact]
    public async Task PutWithoutPlacesFilled_KeepsTheCount_AndCannotCutPlacesBelowIt()
    {
        var api = Client(Startup.DemoApiKey);
        var created = await api.PostAsJsonAsync("/api/v1/providers/2/settings", Setting("SC880003", places: 3, placesFilled: 2));
        var settingId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        var cut = await api.PutAsJsonAsync($"/api/v1/settings/{settingId}", Setting("SC880003", places: 1, placesFilled: null));
        var kept = await api.PutAsJsonAsync($"/api/v1/settings/{settingId}", Setting("SC880003", places: 4, placesFilled: null));

        Assert.Equal(HttpStatusCode.BadRequest, cut.StatusCode);
        Assert.Contains("fewer than the 2 places filled", (await cut.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("places")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        var saved = await factory.WithDbAsync(db => db.Settings.SingleAsync(s => s.Id == settingId));
        Assert.Equal((4, 2), (saved.Places, saved.PlacesFilled));
    }

    [Fact]
    public async Task PutCorrectingPlacesFilled_NeedsTheFigureRead_AndIsAConflictIfAPlacementFilledAPlaceSince()
    {
        var api = Client(Startup.DemoApiKey);
        var created = await api.PostAsJsonAsync("/api/v1/providers/2/settings", Setting("SC880004", places: 3, placesFilled: 1));
        var settingId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        // A broker confirms a placement there after the council's system read the setting (1 filled).
        await factory.WithDbAsync(db => db.Settings.Where(s => s.Id == settingId).ExecuteUpdateAsync(u => u.SetProperty(s => s.PlacesFilled, 2)));

        var unseen = await api.PutAsJsonAsync($"/api/v1/settings/{settingId}", Setting("SC880004", places: 3, placesFilled: 0));
        var stale = await api.PutAsJsonAsync($"/api/v1/settings/{settingId}", Seen(Setting("SC880004", places: 3, placesFilled: 0), seen: 1));
        var afterStale = (await factory.WithDbAsync(db => db.Settings.SingleAsync(s => s.Id == settingId))).PlacesFilled;
        var current = await api.PutAsJsonAsync($"/api/v1/settings/{settingId}", Seen(Setting("SC880004", places: 3, placesFilled: 1), seen: 2));

        Assert.Equal(HttpStatusCode.BadRequest, unseen.StatusCode);
        Assert.Contains("has 2 places filled now", (await unseen.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("placesFilledSeen")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Conflict, 2), (stale.StatusCode, afterStale));
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(1, (await factory.WithDbAsync(db => db.Settings.SingleAsync(s => s.Id == settingId))).PlacesFilled);
    }

    private static Dictionary<string, object?> Seen(object body, int seen)
    {
        var fields = JsonSerializer.SerializeToElement(body).EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        fields["placesFilledSeen"] = seen;
        return fields;
    }

    [Fact]
    public async Task ProviderSystem_CannotChangeRegistrationOrPrice_NorAnotherProvidersSetting_AndNothingIsWritten()
    {
        var api = Client(Startup.DemoProviderApiKey);
        var own = await factory.WithDbAsync(db => db.Settings.Where(s => s.Provider.Name == TestUsers.BrightwaterFosteringName).OrderBy(s => s.Id).FirstAsync());
        var other = await factory.WithDbAsync(db => db.Settings.Where(s => s.Provider.Name != TestUsers.BrightwaterFosteringName).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        var audit = await factory.WithDbAsync(db => db.AuditEvents.CountAsync());
        var outOfUse = new { places = 1, reason = "Staffing", from = "2030-01-01", until = "2030-01-05" };

        var change = await api.PutAsJsonAsync($"/api/v1/settings/{own.Id}", Setting(own.OfstedUrn!));
        var others = await api.PostAsJsonAsync($"/api/v1/provider/settings/{other}/places-out-of-use", outOfUse);
        var addLot = await api.PostAsJsonAsync("/api/v1/framework-lots", new { framework = "F", name = "L", placementType = "Fostering" });

        Assert.Equal(HttpStatusCode.Forbidden, change.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, addLot.StatusCode);
        Assert.Equal(audit, await factory.WithDbAsync(db => db.AuditEvents.CountAsync()));
        var unchanged = await factory.WithDbAsync(db => db.Settings.SingleAsync(s => s.Id == own.Id));
        Assert.Equal((own.Registration, own.Rating, own.WeeklyRate, own.Type), (unchanged.Registration, unchanged.Rating, unchanged.WeeklyRate, unchanged.Type));
    }

    [Fact]
    public async Task ProviderSystem_RecordsPlacesOutOfUseAtItsOwnSetting_AndSeesThemInItsSettings()
    {
        var api = Client(Startup.DemoProviderApiKey);
        var own = await factory.WithDbAsync(db => db.Settings.Where(s => s.Provider.Name == TestUsers.BrightwaterFosteringName).OrderByDescending(s => s.Id).Select(s => s.Id).FirstAsync());
        var today = Brokerage.Core.UkTime.Today(factory.Time);

        var recorded = await api.PostAsJsonAsync($"/api/v1/provider/settings/{own}/places-out-of-use", new { places = 1, reason = "CarerRespite", from = today, until = today.AddDays(7) });

        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var settings = await api.GetFromJsonAsync<JsonElement>("/api/v1/provider/settings");
        var mine = settings.EnumerateArray().Single(s => s.GetProperty("id").GetInt32() == own);
        Assert.Equal(1, mine.GetProperty("placesOutOfUse").GetArrayLength());
        Assert.True(settings.EnumerateArray().All(s => s.GetProperty("providerId").GetInt32() == mine.GetProperty("providerId").GetInt32()));
    }

    [Fact]
    public async Task ProviderSystem_BringingPlacesBackIntoUse_EndsThemYesterday_AndCancelsOnesNotYetStarted()
    {
        var api = Client(Startup.DemoProviderApiKey);
        var own = await factory.WithDbAsync(db => db.Settings.Where(s => s.Provider.Name == TestUsers.BrightwaterFosteringName).OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
        var today = Brokerage.Core.UkTime.Today(factory.Time);
        async Task<int> RecordAsync(DateOnly from, DateOnly until) =>
            (await (await api.PostAsJsonAsync($"/api/v1/provider/settings/{own}/places-out-of-use", new { places = 1, reason = "RepairsOrRefurbishment", from, until }))
                .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var current = await RecordAsync(today.AddDays(-3), today.AddDays(3));
        var planned = await RecordAsync(today.AddDays(10), today.AddDays(12));

        var ended = await api.DeleteAsync($"/api/v1/provider/settings/{own}/places-out-of-use/{current}");
        var cancelled = await api.DeleteAsync($"/api/v1/provider/settings/{own}/places-out-of-use/{planned}");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NoContent), (ended.StatusCode, cancelled.StatusCode));
        Assert.Equal(today.AddDays(-1), await factory.WithDbAsync(db => db.PlaceUnavailabilities.Where(u => u.Id == current).Select(u => u.Until).SingleAsync()));
        Assert.False(await factory.WithDbAsync(db => db.PlaceUnavailabilities.AnyAsync(u => u.Id == planned)));
        var audit = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.EntityType == nameof(Setting) && a.EntityId == own).OrderByDescending(a => a.Id).Take(2).Select(a => a.Action).ToListAsync());
        Assert.Equal(["PlacesOutOfUseCancelled", "PlacesBackInUse"], audit);
    }

    [Fact]
    public async Task OverlappingContract_IsRefusedWithTheStartDateNamed()
    {
        var api = Client(Startup.DemoApiKey);
        var settingId = await factory.WithDbAsync(db => db.Settings.Where(s => s.Contract == Core.Domain.ContractArrangement.InHouse).Select(s => s.Id).FirstAsync());

        var response = await api.PostAsJsonAsync($"/api/v1/settings/{settingId}/contracts", new { arrangement = "InHouse", startsOn = "2020-01-01" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("overlap", errors.GetProperty("startsOn")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DescribesTheDirectoryEndpoints()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        Assert.All(
            new[] { "/api/v1/providers", "/api/v1/providers/{id}/settings", "/api/v1/settings", "/api/v1/settings/{id}", "/api/v1/settings/{id}/contracts", "/api/v1/framework-lots", "/api/v1/provider/settings", "/api/v1/provider/contacts" },
            path => Assert.True(paths.TryGetProperty(path, out _), path));
    }
}
