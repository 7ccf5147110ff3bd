using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Api;

public sealed class ApiTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    private const string DemoKey = "brk_demo_case_management_key_0001";

    private HttpClient Client(string? key = DemoKey)
    {
        var client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        return client;
    }

    private object ValidBody(string childReference, int requiredInDays) => new
    {
        childReference,
        dateOfBirth = DateOnly.FromDateTime(factory.Time.GetUtcNow().UtcDateTime.AddYears(-15)),
        gender = "Male",
        ethnicity = "African",
        legalStatus = "CareOrder",
        needs = new[] { "Semh" },
        homeLocality = "Amberford",
        placementType = "ChildrensHome",
        noticeReceivedAt = factory.Time.GetUtcNow(),
        requiredFrom = factory.Time.GetUtcNow().AddDays(requiredInDays),
        weeklyBudget = 6000,
        maxDistanceMiles = 30,
        brokerEmail = "broker@ambershire.example",
    };

    [Fact]
    public async Task CaseManagementSystem_CanCreateMatchReferAndReadTheReferral()
    {
        var client = Client();

        var created = await client.PostAsJsonAsync("/api/v1/placement-requests", ValidBody("CH-API001", 0));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var request = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Crisis", request.GetProperty("urgency").GetString());
        var id = request.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/placement-requests/{id}", PathOf(created.Headers.Location));

        var matched = await client.PostAsync($"/api/v1/placement-requests/{id}/matching-runs", null);
        Assert.Equal(HttpStatusCode.Created, matched.StatusCode);
        var run = await matched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/v1/placement-requests/{id}/matching-runs/{run.GetProperty("id").GetInt32()}", PathOf(matched.Headers.Location));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(matched.Headers.Location)).StatusCode);
        Assert.False(string.IsNullOrEmpty(run.GetProperty("rulesVersion").GetString()));
        var candidates = run.GetProperty("candidates").EnumerateArray().ToList();
        var eligible = candidates.Where(c => c.GetProperty("outcome").GetString() == "Eligible").ToList();
        Assert.NotEmpty(eligible);
        Assert.All(eligible, c => Assert.Equal(c.GetProperty("score").GetDecimal(), c.GetProperty("breakdown").EnumerateObject().Sum(p => p.Value.GetDecimal())));
        Assert.Contains(candidates, c => c.GetProperty("outcome").GetString() == "Excluded" && c.GetProperty("reasons").GetArrayLength() > 0);

        var top = eligible[0].GetProperty("settingId").GetInt32();
        var sent = await client.PostAsJsonAsync($"/api/v1/placement-requests/{id}/referrals", new { matchingRunId = run.GetProperty("id").GetInt32(), settingIds = new[] { top } });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var referralId = (await sent.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetInt32();

        var referral = await client.GetFromJsonAsync<JsonElement>($"/api/v1/referrals/{referralId}");
        Assert.Equal("Sent", referral.GetProperty("status").GetString());
        var respondBy = referral.GetProperty("respondBy").GetDateTimeOffset();
        Assert.Equal(factory.Time.GetUtcNow().AddHours(2), respondBy);
    }

    private static string PathOf(Uri? location) =>
        location is null ? "" : location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString;

    [Fact]
    public async Task RequestsCreatedAtTheSameMoment_AllSucceedWithTheirOwnReferences()
    {
        var client = Client();

        var responses = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => client.PostAsJsonAsync("/api/v1/placement-requests", ValidBody($"CH-BURST{i}", 3))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var references = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reference").GetString()));
        Assert.Equal(8, references.Distinct().Count());
    }

    [Fact]
    public async Task CreateRequest_WithBadFields_ReturnsProblemDetailsNamingEachFieldAndSavesNothing()
    {
        var before = await factory.WithDbAsync(db => db.PlacementRequests.CountAsync());

        var response = await Client().PostAsJsonAsync("/api/v1/placement-requests", new { childReference = "x", gender = "Robot", placementType = "Castle", weeklyBudget = -5 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.Contains("Female, Male, NonBinary", errors.GetProperty("gender")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("placementType", out _));
        Assert.True(errors.TryGetProperty("dateOfBirth", out _));
        Assert.True(errors.TryGetProperty("brokerEmail", out _));
        Assert.Equal(before, await factory.WithDbAsync(db => db.PlacementRequests.CountAsync()));
    }

    [Theory]
    [InlineData("gender", "Female, Male")]
    [InlineData("gender", "1")]
    [InlineData("legalStatus", "0")]
    [InlineData("placementType", "3")]
    [InlineData("placementType", "childrensHome")]
    public async Task CreateRequest_WithAnOptionGivenByNumberOrAsAList_IsRefusedNamingTheField(string field, string value)
    {
        var before = await factory.WithDbAsync(db => db.PlacementRequests.CountAsync());
        var body = JsonSerializer.SerializeToNode(ValidBody("CH-API-ENUM", 3))!.AsObject();
        body[field] = value;

        var response = await Client().PostAsJsonAsync("/api/v1/placement-requests", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(" must be one of ", errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDbAsync(db => db.PlacementRequests.CountAsync()));
    }

    [Theory]
    [InlineData("noticeReceivedAt", "0001-01-02T00:00:00Z", "The date notice was received must be a date between 1900 and 2100")]
    [InlineData("requiredFrom", "1900-01-01T09:00:00Z", "The date the placement is needed must be the same as or after the date notice was received")]
    [InlineData("dateOfBirth", "0001-01-01", "The date of birth must be a date between 1900 and 2100")]
    [InlineData("noticeReceivedAt", "2024-06-01T09:00:00Z", "The date notice was received must be within the last year")]
    public async Task CreateRequest_WithADateFarOutOfRange_IsRefusedLikeTheForm(string field, string value, string message)
    {
        var before = await factory.WithDbAsync(db => db.PlacementRequests.CountAsync());
        var body = JsonSerializer.SerializeToNode(ValidBody("CH-API-DATE", 3))!.AsObject();
        body[field] = value;

        var response = await Client().PostAsJsonAsync("/api/v1/placement-requests", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(message, errors.GetProperty(field)[0].GetString());
        Assert.Equal(before, await factory.WithDbAsync(db => db.PlacementRequests.CountAsync()));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("Trauma, Semh")]
    public async Task CreateRequest_WithANeedGivenByNumberOrAsAList_IsRefused(string need)
    {
        var body = JsonSerializer.SerializeToNode(ValidBody("CH-API-NEED", 3))!.AsObject();
        body["needs"] = new System.Text.Json.Nodes.JsonArray(need);

        var response = await Client().PostAsJsonAsync("/api/v1/placement-requests", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.StartsWith($"\"{need}\" is not a need", errors.GetProperty("needs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRequest_BreakingADomainRule_ReturnsTheDomainMessageForThatField()
    {
        var response = await Client().PostAsJsonAsync("/api/v1/placement-requests", ValidBody("CH-API002", -3));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("after the date notice was received", problem.GetProperty("errors").GetProperty("requiredFrom")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRequest_WithMalformedJson_ReturnsProblemDetails()
    {
        var response = await Client().PostAsync("/api/v1/placement-requests", new StringContent("{\"childReference\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("brk_not_a_real_key")]
    public async Task Api_WithoutAValidKey_IsUnauthorized(string? key)
    {
        var response = await Client(key).GetAsync("/api/v1/placement-requests/1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ReadingAMissingRequest_ReturnsNotFoundProblem()
    {
        var response = await Client().GetAsync("/api/v1/placement-requests/999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheVersionedEndpoints()
    {
        var document = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/placement-requests", paths);
        Assert.Contains("/api/v1/placement-requests/{id}/matching-runs", paths);
        Assert.Contains("/api/v1/referrals/{id}", paths);
    }
}
