using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Brokerage.Core;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Brokerage.Web.Infrastructure;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Api;

/// <summary>
/// A request and its placement after the first yes, through the API: the same services, checks and
/// notices as the pages, versions sent back so a change made meanwhile is a conflict, and bad input
/// named field by field with nothing written. An app of its own.
/// </summary>
public sealed class LifeCycleApiTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    private HttpClient Client()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Startup.DemoApiKey);
        return client;
    }

    [Fact]
    public async Task WithdrawingARequest_ClosesIt_TellsEachProviderWithAnOpenReferralOnce_AndItCanNoLongerBeChanged()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-API-WD", 2);
        var api = Client();
        var read = await api.GetFromJsonAsync<JsonElement>($"/api/v1/placement-requests/{scenario.RequestId}");
        var reference = read.GetProperty("reference").GetString();

        var response = await api.PostAsJsonAsync($"/api/v1/placement-requests/{scenario.RequestId}/withdrawal", new { reason = "ReturnedHome" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var withdrawn = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Closed", "Withdrawn", "ReturnedHome"), (withdrawn.GetProperty("status").GetString(), withdrawn.GetProperty("closure").GetString(), withdrawn.GetProperty("withdrawalReason").GetString()));
        var notices = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.PlacementRequestId == scenario.RequestId && m.Subject == $"Referral {reference} withdrawn: no reply needed").Select(m => m.To).ToListAsync());
        Assert.Equal(scenario.Referrals.Select(r => r.Setting.Provider.ReferralEmail).Order(), notices.Order());
        Assert.All(await factory.WithDbAsync(db => db.Referrals.Where(r => r.PlacementRequestId == scenario.RequestId).ToListAsync()), r => Assert.Equal(ReferralStatus.Withdrawn, r.Status));

        var edit = await api.PutAsJsonAsync($"/api/v1/placement-requests/{scenario.RequestId}", EditBody(withdrawn, b => b["summary"] = "Too late"));
        var again = await api.PostAsJsonAsync($"/api/v1/placement-requests/{scenario.RequestId}/withdrawal", new { reason = "Duplicate" });

        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        Assert.Equal("application/problem+json", edit.Content.Headers.ContentType!.MediaType);
        Assert.Contains("can no longer be changed", (await edit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(2, notices.Count);
    }

    [Fact]
    public async Task WithdrawingARequest_WithAnUnknownReasonAndDetailsTooLong_NamesBothFields_AndNothingChanges()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-API-WD-BAD", 1);

        var response = await Client().PostAsJsonAsync($"/api/v1/placement-requests/{scenario.RequestId}/withdrawal", new { reason = "Castle", details = new string('x', 2_001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("ReturnedHome", errors.GetProperty("reason")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("details", out _));
        Assert.Equal(RequestStatus.Searching, await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == scenario.RequestId).Select(r => r.Status).SingleAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.PlacementRequestId == scenario.RequestId && m.Subject.Contains("withdrawn"))));
    }

    [Fact]
    public async Task EditingARequest_WithTheVersionRead_TellsReferredProviders_AndAnEditFromTheOldVersionIsAConflictThatChangesNothing()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-API-EDIT", 2);
        var api = Client();
        var read = await api.GetFromJsonAsync<JsonElement>($"/api/v1/placement-requests/{scenario.RequestId}");
        var version = read.GetProperty("version").GetInt32();

        var response = await api.PutAsJsonAsync($"/api/v1/placement-requests/{scenario.RequestId}", EditBody(read, b => ((JsonArray)b["needs"]!).Add("MentalHealth")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var edited = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["Needs"], edited.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal((2, true), (edited.GetProperty("providersTold").GetInt32(), edited.GetProperty("runMatchingAgain").GetBoolean()));
        Assert.Equal(version + 1, edited.GetProperty("request").GetProperty("version").GetInt32());
        Assert.Contains("MentalHealth", edited.GetProperty("request").GetProperty("needs").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(2, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.PlacementRequestId == scenario.RequestId && m.Subject.Contains("has changed"))));

        // A second system still holding the first read changes the budget: it must read the request again.
        var stale = await api.PutAsJsonAsync($"/api/v1/placement-requests/{scenario.RequestId}", EditBody(read, b => b["weeklyBudget"] = 7000));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        var request = await factory.WithDbAsync(db => db.PlacementRequests.SingleAsync(r => r.Id == scenario.RequestId));
        Assert.Equal((version + 1, read.GetProperty("weeklyBudget").GetDecimal()), (request.Version, request.WeeklyBudget));
        Assert.True(request.Needs.HasFlag(Needs.MentalHealth));
    }

    [Fact]
    public async Task EditingARequest_WithoutAVersion_NamesTheVersionAndEveryFieldTheRulesRefuse_AndNothingChanges()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-API-EDIT-BAD", 1);
        var api = Client();
        var read = await api.GetFromJsonAsync<JsonElement>($"/api/v1/placement-requests/{scenario.RequestId}");
        var before = await factory.WithDbAsync(db => db.PlacementRequests.AsNoTracking().SingleAsync(r => r.Id == scenario.RequestId));

        var response = await api.PutAsJsonAsync($"/api/v1/placement-requests/{scenario.RequestId}", EditBody(read, b =>
        {
            b.Remove("version");
            b["weeklyBudget"] = -5;
            b["maxDistanceMiles"] = 900;
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["maxDistanceMiles", "version", "weeklyBudget"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        var after = await factory.WithDbAsync(db => db.PlacementRequests.AsNoTracking().SingleAsync(r => r.Id == scenario.RequestId));
        Assert.Equal((before.Version, before.WeeklyBudget, before.MaxDistanceMiles), (after.Version, after.WeeklyBudget, after.MaxDistanceMiles));
        Assert.Equal(0, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.PlacementRequestId == scenario.RequestId && a.Action == "RequestEdited")));
    }

    [Fact]
    public async Task AReferral_CanBeChasedOnce_AndWithdrawnWithAReason_TheProviderHearingOfEach()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-API-REF", 2);
        var (chased, withdrawn) = (scenario.Referrals[0], scenario.Referrals[1]);
        var api = Client();

        var chase = await api.PostAsync($"/api/v1/referrals/{chased.Id}/chases", null);
        var secondChase = await api.PostAsync($"/api/v1/referrals/{chased.Id}/chases", null);
        var noReason = await api.PostAsJsonAsync($"/api/v1/referrals/{withdrawn.Id}/withdrawal", new { reason = " " });
        var withdrawal = await api.PostAsJsonAsync($"/api/v1/referrals/{withdrawn.Id}/withdrawal", new { reason = "The child's needs have changed" });

        Assert.Equal(HttpStatusCode.OK, chase.StatusCode);
        Assert.Equal(factory.Time.GetUtcNow(), (await chase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chasedAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Conflict, secondChase.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == chased.Setting.Provider.ReferralEmail && m.Subject.Contains("Please answer referral") && m.Subject.Contains($"-{chased.Id} today"))));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.OK, withdrawal.StatusCode);
        var body = await withdrawal.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Withdrawn", "The child's needs have changed"), (body.GetProperty("status").GetString(), body.GetProperty("withdrawnReason").GetString()));
        var notice = await factory.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.PlacementRequestId == scenario.RequestId && m.Subject.Contains($"withdrawn for {withdrawn.Setting.Name}")));
        Assert.Equal(withdrawn.Setting.Provider.ReferralEmail, notice.To);
        Assert.Equal(ReferralStatus.Sent, await factory.WithDbAsync(db => db.Referrals.Where(r => r.Id == chased.Id).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task APlacement_ThroughTheApi_ArrivesIsMarkedInterimChangesCostAndEnds_EachFromTheVersionLastRead()
    {
        var requestId = await PlacedAsync("CH-API-PL");
        var api = Client();
        var url = $"/api/v1/placement-requests/{requestId}/placement";
        var today = UkTime.Today(factory.Time);

        var confirmed = await api.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(("Confirmed", 950m), (confirmed.GetProperty("status").GetString(), confirmed.GetProperty("weeklyCostToday").GetDecimal()));

        var arrived = await ReadAsync(await api.PostAsJsonAsync($"{url}/arrival", new { version = Version(confirmed), arrivedAt = factory.Time.GetUtcNow() }), HttpStatusCode.OK);
        Assert.Equal(("Started", today), (arrived.GetProperty("status").GetString(), DateOnly.Parse(arrived.GetProperty("startDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal((RequestStatus.Closed, RequestClosure.PlacementStarted), await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == requestId).Select(r => new ValueTuple<RequestStatus, RequestClosure>(r.Status, r.Closure!.Value)).SingleAsync()));

        var interim = await ReadAsync(await api.PutAsJsonAsync($"{url}/interim", new { version = Version(arrived), isInterim = true }), HttpStatusCode.OK);
        Assert.True(interim.GetProperty("isInterim").GetBoolean());

        var costResponse = await api.PostAsJsonAsync($"{url}/cost-changes", new { version = Version(interim), effectiveFrom = today, weeklyCost = 1100, reason = "FeeUplift" });
        var costed = await ReadAsync(costResponse, HttpStatusCode.Created);
        Assert.Equal(url, costResponse.Headers.Location!.IsAbsoluteUri ? costResponse.Headers.Location.AbsolutePath : costResponse.Headers.Location.OriginalString);
        Assert.Equal((1100m, 950m), (costed.GetProperty("weeklyCostToday").GetDecimal(), costed.GetProperty("agreedWeeklyCost").GetDecimal()));
        Assert.Equal("FeeUplift", Assert.Single(costed.GetProperty("costChanges").EnumerateArray()).GetProperty("reason").GetString());

        var ended = await ReadAsync(await api.PostAsJsonAsync($"{url}/ending", new { version = Version(costed), endDate = today, planned = true, reason = "ReturnedHome", move = false }), HttpStatusCode.OK);
        Assert.Equal(("Ended", "ReturnedHome"), (ended.GetProperty("status").GetString(), ended.GetProperty("ending").GetProperty("reason").GetString()));
        Assert.Equal(Version(confirmed) + 4, Version(ended));
        Assert.Equal(JsonValueKind.Null, ended.GetProperty("moveRequestId").ValueKind);
    }

    [Fact]
    public async Task AnEndingWithAMove_Returns201WithTheNewRequestsLocation_LinkedToThePlacement_AndASecondEndingIsAConflict()
    {
        var requestId = await PlacedAsync("CH-API-MOVE");
        var api = Client();
        var url = $"/api/v1/placement-requests/{requestId}/placement";
        var today = UkTime.Today(factory.Time);
        var arrived = await ReadAsync(await api.PostAsJsonAsync($"{url}/arrival", new { version = Version(await api.GetFromJsonAsync<JsonElement>(url)), arrivedAt = factory.Time.GetUtcNow() }), HttpStatusCode.OK);

        var response = await api.PostAsJsonAsync($"{url}/ending", new { version = Version(arrived), endDate = today.AddDays(10), planned = false, reason = "ProviderNotice", noticeGivenOn = today, move = true });

        var ending = await ReadAsync(response, HttpStatusCode.Created);
        var moveRequest = await api.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, moveRequest.StatusCode);
        var move = await moveRequest.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/v1/placement-requests/{move.GetProperty("id").GetInt32()}", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.AbsolutePath : response.Headers.Location.OriginalString);
        Assert.Equal(ending.GetProperty("id").GetInt32(), move.GetProperty("replacesPlacementId").GetInt32());
        Assert.Equal(move.GetProperty("id").GetInt32(), ending.GetProperty("moveRequestId").GetInt32());
        Assert.Equal(("CH-API-MOVE", "Open"), (move.GetProperty("childReference").GetString(), move.GetProperty("status").GetString()));
        // The API client is no mailbox: the broker responsible for the last request hears of the move's offers.
        Assert.Equal(TestUsers.Broker, move.GetProperty("brokerEmail").GetString());
        Assert.True(ending.GetProperty("ending").GetProperty("shortNotice").GetBoolean());

        // A move from a placement whose ending is already recorded is refused, even from the version just read.
        var again = await api.PostAsJsonAsync($"{url}/ending", new { version = Version(ending), endDate = today.AddDays(10), planned = false, reason = "Breakdown", move = true });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType!.MediaType);
        var placementId = ending.GetProperty("id").GetInt32();
        Assert.Equal(1, await factory.WithDbAsync(db => db.PlacementRequests.CountAsync(r => r.ReplacesPlacementId == placementId)));
    }

    [Fact]
    public async Task AStaleVersion_IsAConflict_AndThePlacementIsUnchanged()
    {
        var requestId = await PlacedAsync("CH-API-STALE");
        var api = Client();
        var url = $"/api/v1/placement-requests/{requestId}/placement";
        var read = await api.GetFromJsonAsync<JsonElement>(url);
        await ReadAsync(await api.PostAsJsonAsync($"{url}/arrival", new { version = Version(read), arrivedAt = factory.Time.GetUtcNow() }), HttpStatusCode.OK);

        // A second system, still holding the first read, says the child never came.
        var stale = await api.PostAsJsonAsync($"{url}/did-not-start", new { version = Version(read), reason = "Refused to move" });
        var staleCost = await api.PostAsJsonAsync($"{url}/cost-changes", new { version = Version(read), effectiveFrom = UkTime.Today(factory.Time), weeklyCost = 1200, reason = "PackageReview" });

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (stale.StatusCode, staleCost.StatusCode));
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        var placement = await factory.WithDbAsync(db => db.Placements.Include(p => p.CostChanges).SingleAsync(p => p.PlacementRequestId == requestId));
        Assert.Equal((PlacementStatus.Started, Version(read) + 1, 0), (placement.Status, placement.Version, placement.CostChanges.Count));
    }

    [Fact]
    public async Task ABadEnding_NamesEveryFieldAtOnce_AndNothingIsWritten()
    {
        var requestId = await PlacedAsync("CH-API-END-BAD");
        var api = Client();
        var url = $"/api/v1/placement-requests/{requestId}/placement";
        var arrived = await ReadAsync(await api.PostAsJsonAsync($"{url}/arrival", new { version = Version(await api.GetFromJsonAsync<JsonElement>(url)), arrivedAt = factory.Time.GetUtcNow() }), HttpStatusCode.OK);
        var started = DateOnly.Parse(arrived.GetProperty("startDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var audit = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.PlacementRequestId == requestId));

        var empty = await api.PostAsJsonAsync($"{url}/ending", new { });
        var wrong = await api.PostAsJsonAsync($"{url}/ending", new { endDate = started.AddDays(-1), planned = false, reason = "Castle", move = true });

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("application/problem+json", empty.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["endDate", "move", "planned", "reason", "version"], (await empty.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var errors = (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["endDate", "reason", "version"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("after the placement started", errors.GetProperty("endDate")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("ProviderNotice", errors.GetProperty("reason")[0].GetString(), StringComparison.Ordinal);
        var placement = await factory.WithDbAsync(db => db.Placements.SingleAsync(p => p.PlacementRequestId == requestId));
        Assert.Equal(((DateOnly?)null, Version(arrived), (int?)null), (placement.EndDate, placement.Version, placement.MoveRequestId));
        Assert.Equal(audit, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.PlacementRequestId == requestId)));
    }

    [Fact]
    public async Task AnEndingWithoutAVersion_IsRefusedNamingOnlyTheVersion_AndNeitherTheEndingNorTheMoveIsWritten()
    {
        var requestId = await PlacedAsync("CH-API-NOVERSION");
        var api = Client();
        var url = $"/api/v1/placement-requests/{requestId}/placement";
        var arrived = await ReadAsync(await api.PostAsJsonAsync($"{url}/arrival", new { version = Version(await api.GetFromJsonAsync<JsonElement>(url)), arrivedAt = factory.Time.GetUtcNow() }), HttpStatusCode.OK);
        var (requests, outbox, audit) = await factory.WithDbAsync(async db => (await db.PlacementRequests.CountAsync(), await db.OutboxMessages.CountAsync(), await db.AuditEvents.CountAsync()));

        var response = await api.PostAsJsonAsync($"{url}/ending", new { endDate = UkTime.Today(factory.Time), planned = true, reason = "NeedsChanged", move = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["version"], (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var placement = await factory.WithDbAsync(db => db.Placements.SingleAsync(p => p.PlacementRequestId == requestId));
        Assert.Equal((PlacementStatus.Started, (DateOnly?)null, Version(arrived), (int?)null), (placement.Status, placement.EndDate, placement.Version, placement.MoveRequestId));
        Assert.Equal((requests, outbox, audit), await factory.WithDbAsync(async db => (await db.PlacementRequests.CountAsync(), await db.OutboxMessages.CountAsync(), await db.AuditEvents.CountAsync())));
    }

    [Fact]
    public async Task ACostChangeBeforeTheStart_IsRefusedNamingEffectiveFrom_AndNothingIsWritten()
    {
        var requestId = await PlacedAsync("CH-API-COST-BAD");
        var api = Client();
        var url = $"/api/v1/placement-requests/{requestId}/placement";
        var arrived = await ReadAsync(await api.PostAsJsonAsync($"{url}/arrival", new { version = Version(await api.GetFromJsonAsync<JsonElement>(url)), arrivedAt = factory.Time.GetUtcNow() }), HttpStatusCode.OK);
        var started = DateOnly.Parse(arrived.GetProperty("startDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        var response = await api.PostAsJsonAsync($"{url}/cost-changes", new { version = Version(arrived), effectiveFrom = started.AddDays(-3), weeklyCost = 1100, reason = "FeeUplift" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["effectiveFrom"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Contains("on or after the placement started", errors.GetProperty("effectiveFrom")[0].GetString(), StringComparison.Ordinal);
        var placement = await factory.WithDbAsync(db => db.Placements.Include(p => p.CostChanges).SingleAsync(p => p.PlacementRequestId == requestId));
        Assert.Equal((0, Version(arrived)), (placement.CostChanges.Count, placement.Version));
    }

    [Fact]
    public async Task DidNotStart_GivesThePlaceBack_AndOpensTheRequestAgain()
    {
        var requestId = await PlacedAsync("CH-API-DNS");
        var api = Client();
        var url = $"/api/v1/placement-requests/{requestId}/placement";
        var settingId = (await api.GetFromJsonAsync<JsonElement>(url)).GetProperty("settingId").GetInt32();
        var filled = await factory.WithDbAsync(db => db.Settings.Where(s => s.Id == settingId).Select(s => s.PlacesFilled).SingleAsync());

        var response = await api.PostAsJsonAsync($"{url}/did-not-start", new { version = Version(await api.GetFromJsonAsync<JsonElement>(url)), reason = "The child refused to move" });

        var placement = await ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal(("DidNotStart", "The child refused to move"), (placement.GetProperty("status").GetString(), placement.GetProperty("didNotStartReason").GetString()));
        Assert.Equal("Open", (await api.GetFromJsonAsync<JsonElement>($"/api/v1/placement-requests/{requestId}")).GetProperty("status").GetString());
        Assert.Equal(filled - 1, await factory.WithDbAsync(db => db.Settings.Where(s => s.Id == settingId).Select(s => s.PlacesFilled).SingleAsync()));
    }

    [Fact]
    public async Task UnknownIds_AreNotFoundProblems_EvenWithABadBody()
    {
        var api = Client();
        var unplaced = await Scenario.CreateRequestAsync(factory, "CH-API-NOPL");

        var responses = new[]
        {
            (await api.GetAsync($"/api/v1/placement-requests/{unplaced.Id}/placement"), "This request has no placement"),
            (await api.PostAsJsonAsync("/api/v1/placement-requests/999999/placement/arrival", new { version = 0, arrivedAt = factory.Time.GetUtcNow() }), "This request has no placement"),
            (await api.PostAsJsonAsync("/api/v1/placement-requests/999999/placement/ending", new { }), "This request has no placement"),
            (await api.PostAsJsonAsync("/api/v1/placement-requests/999999/withdrawal", new { reason = "Duplicate" }), "Placement request not found"),
            (await api.PostAsync("/api/v1/referrals/999999/chases", null), "Referral not found"),
            (await api.PostAsJsonAsync("/api/v1/referrals/999999/withdrawal", new { reason = "Mistake" }), "Referral not found"),
        };

        foreach (var (response, detail) in responses)
        {
            Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
            Assert.Equal(detail, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }
    }

    [Fact]
    public async Task OpenApiDocument_ListsTheLifeCycleEndpoints()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/placement-requests/{id}").TryGetProperty("put", out _));
        foreach (var path in new[]
        {
            "/api/v1/placement-requests/{id}/withdrawal", "/api/v1/referrals/{id}/withdrawal", "/api/v1/referrals/{id}/chases",
            "/api/v1/placement-requests/{id}/placement/arrival", "/api/v1/placement-requests/{id}/placement/did-not-start",
            "/api/v1/placement-requests/{id}/placement/ending", "/api/v1/placement-requests/{id}/placement/cost-changes",
        })
        {
            Assert.True(paths.GetProperty(path).TryGetProperty("post", out _), path);
        }

        Assert.True(paths.GetProperty("/api/v1/placement-requests/{id}/placement").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/v1/placement-requests/{id}/placement/interim").TryGetProperty("put", out _));
    }

    /// <summary>The request as read, with the version read, changed as the test says: what a client sends back.</summary>
    private static JsonObject EditBody(JsonElement read, Action<JsonObject> change)
    {
        var body = JsonNode.Parse(read.GetRawText())!.AsObject();
        change(body);
        return body;
    }

    private static int Version(JsonElement placement) => placement.GetProperty("version").GetInt32();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A request with an accepted offer of £950 a week: the placement is confirmed and the child has not arrived.</summary>
    private async Task<int> PlacedAsync(string child)
    {
        var run = await Scenario.MatchedAsync(factory, child);
        var candidate = await factory.WithDbAsync(db => db.MatchCandidates.Include(c => c.Setting)
            .Where(c => c.MatchingRunId == run.Id && c.Outcome == EligibilityOutcome.Eligible && c.Setting.Places - c.Setting.PlacesFilled >= 1)
            .OrderBy(c => c.Rank).FirstAsync());
        var referrals = await factory.Services.ReferAsync(run.PlacementRequestId, run.Id, [candidate.SettingId]);
        var offer = await factory.Services.OfferAsync(referrals[0].Id, 950);
        var version = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == run.PlacementRequestId).Select(r => r.Version).SingleAsync());
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PlacementService>().AcceptOfferAsync(new AcceptOfferOptions(run.PlacementRequestId, offer.Id, version, TestUsers.Broker));
        return run.PlacementRequestId;
    }
}
