using System.Text.Json;
using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Referrals;
using Brokerage.Core.Requests;
using Brokerage.Core.Rules;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Api;

/// <summary>Version 1 of the JSON API for case-management systems.</summary>
public static class ApiEndpoints
{
    // Created responses point at the resource through its route's name, so each address is written once, in its Map call.
    internal const string PlacementRequestRoute = "GetPlacementRequest";
    private const string MatchingRunRoute = "GetMatchingRun";

    public static IEndpointRouteBuilder MapBrokerageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(Policies.ApiClient)
            .AddEndpointFilter<DomainExceptionFilter>()
            .WithTags("Brokerage")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        api.MapGet("/localities", (RuleSet rules) => rules.Gazetteer.Localities.Select(l => l.Name))
            .WithSummary("Localities a child's home can be in");
        api.MapPost("/placement-requests", CreateRequestAsync)
            .Accepts<CreatePlacementRequestBody>("application/json")
            .WithSummary("Create a placement request; the response gives the urgency derived from the notice")
            .ProducesValidationProblem();
        api.MapGet("/placement-requests/{id:int}", GetRequestAsync).WithName(PlacementRequestRoute).WithSummary("Read a placement request");
        api.MapPost("/placement-requests/{id:int}/matching-runs", RunMatchingAsync)
            .WithSummary("Run matching: every setting is checked for eligibility and scored by the rule files")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/placement-requests/{id:int}/matching-runs/{runId:int}", GetMatchingRunAsync)
            .WithName(MatchingRunRoute)
            .WithSummary("Read a matching run's ranked candidates with eligibility, score, breakdown and reasons");
        api.MapPost("/placement-requests/{id:int}/referrals", SendReferralsAsync)
            .Accepts<SendReferralsBody>("application/json")
            .WithSummary("Send referrals to settings chosen from a matching run")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/referrals/{id:int}", GetReferralAsync).WithSummary("Read a referral's status and respond-by time");
        return app;
    }

    private static async Task<Results<CreatedAtRoute<PlacementRequestResponse>, ValidationProblem>> CreateRequestAsync(HttpRequest http, PlacementRequestService service, CancellationToken ct)
    {
        var body = await ReadBodyAsync<CreatePlacementRequestBody>(http, ct);
        var errors = new Dictionary<string, string[]>();
        var options = ApiRequestMapper.ToOptions(body, errors);
        if (options is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The placement request is not valid");
        }

        var request = await service.CreateAsync(options, ct);
        return TypedResults.CreatedAtRoute(ToResponse(request), PlacementRequestRoute, new { id = request.Id });
    }

    private static async Task<Results<Ok<PlacementRequestResponse>, ProblemHttpResult>> GetRequestAsync(int id, PlacementRequestService service, CancellationToken ct) =>
        await service.FindAsync(id, ct) is { } request
            ? TypedResults.Ok(ToResponse(request))
            : NotFoundProblem("Placement request not found");

    private static async Task<CreatedAtRoute<MatchingRunResponse>> RunMatchingAsync(int id, HttpContext http, MatchingService matching, CancellationToken ct)
    {
        var run = await matching.RunAsync(new RunMatchingOptions(id, http.User.Actor(), "Requested through the API"), ct);
        var stored = await matching.FindRunAsync(id, run.Id, ct);
        return TypedResults.CreatedAtRoute(ToResponse(stored!), MatchingRunRoute, new { id, runId = run.Id });
    }

    private static async Task<Results<Ok<MatchingRunResponse>, ProblemHttpResult>> GetMatchingRunAsync(int id, int runId, MatchingService matching, CancellationToken ct) =>
        await matching.FindRunAsync(id, runId, ct) is { } run
            ? TypedResults.Ok(ToResponse(run))
            : NotFoundProblem("Matching run not found");

    private static async Task<Results<CreatedAtRoute<IReadOnlyList<ReferralResponse>>, ValidationProblem>> SendReferralsAsync(int id, HttpRequest http, ReferralService referrals, BrokerageDbContext db, CancellationToken ct)
    {
        var body = await ReadBodyAsync<SendReferralsBody>(http, ct);
        var errors = new Dictionary<string, string[]>();
        if (body.MatchingRunId is null)
        {
            errors["matchingRunId"] = ["Give the matching run the settings were chosen from"];
        }

        if (body.SettingIds is null || body.SettingIds.Count == 0)
        {
            errors["settingIds"] = ["Give at least one setting to send a referral to"];
        }
        else if (body.SettingIds.Count > 50)
        {
            errors["settingIds"] = ["Send at most 50 referrals at once"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The referrals are not valid");
        }

        var sent = await referrals.SendAsync(new SendReferralsOptions(id, body.MatchingRunId!.Value, body.SettingIds!, http.HttpContext.User.Actor()), ct);
        var ids = sent.Select(r => r.Id).ToList();
        var stored = await ReferralQuery(db).Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        return TypedResults.CreatedAtRoute((IReadOnlyList<ReferralResponse>)stored.Select(ToResponse).ToList(), PlacementRequestRoute, new { id });
    }

    private static async Task<Results<Ok<ReferralResponse>, ProblemHttpResult>> GetReferralAsync(int id, BrokerageDbContext db, CancellationToken ct) =>
        await ReferralQuery(db).FirstOrDefaultAsync(r => r.Id == id, ct) is { } referral
            ? TypedResults.Ok(ToResponse(referral))
            : NotFoundProblem("Referral not found");

    internal static IQueryable<Referral> ReferralQuery(BrokerageDbContext db) =>
        db.Referrals.AsNoTracking().Include(r => r.Setting).ThenInclude(s => s.Provider).Include(r => r.Offer);

    internal static async Task<T> ReadBodyAsync<T>(HttpRequest http, CancellationToken ct)
        where T : class
    {
        if (!http.HasJsonContentType())
        {
            throw new BadBodyException("Send the body as JSON with Content-Type: application/json");
        }

        try
        {
            var options = http.HttpContext.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            return await http.ReadFromJsonAsync<T>(options, ct) ?? throw new BadBodyException("The body is empty");
        }
        catch (JsonException ex)
        {
            var where = ex.Path is null ? "" : $" at {ex.Path}";
            throw new BadBodyException($"The body is not valid JSON for this request{where}");
        }
    }

    internal static ProblemHttpResult NotFoundProblem(string detail) => TypedResults.Problem(statusCode: 404, title: "Not found", detail: detail);

    internal static PlacementRequestResponse ToResponse(PlacementRequest r) => new(
        r.Id, r.Reference, r.ChildReference, r.Urgency, UrgencyPolicy.NoticeDays(r.NoticeReceivedAt, r.RequiredFrom), r.Status, r.PlacementType,
        [.. r.SuitableTypes.Skip(1)], Utc(r.NoticeReceivedAt), Utc(r.RequiredFrom), r.WeeklyBudget, r.MaxDistanceMiles, [.. Display.EachNeed(r.Needs)], r.HomeLocality, Utc(r.CreatedAt),
        r.DateOfBirth, r.Gender, r.Ethnicity, r.LegalStatus, r.IsSeparatedChild, r.HomePostcode, r.Summary, r.Team, r.CreatedBy,
        r.Version, r.Closure, r.WithdrawalReason, r.WithdrawalDetails, r.ReplacesPlacementId);

    private static MatchingRunResponse ToResponse(MatchingRun run) => new(
        run.Id, run.PlacementRequestId, Utc(run.RanAt), run.RulesVersion, run.Reason, run.SettingsConsidered,
        run.Candidates.OrderBy(c => c.Rank ?? int.MaxValue).ThenBy(c => c.Setting.Name).Select(c => new CandidateResponse(
            c.SettingId, c.Setting.Name, c.Setting.Provider.Name, c.Setting.Contract, c.Outcome, c.Rank, c.Score, c.DistanceMiles,
            c.ScoreLines.GroupBy(l => l.Dimension).ToDictionary(g => g.Key, g => g.Sum(l => l.Points)),
            c.ScoreLines, c.Findings)).ToList());

    internal static ReferralResponse ToResponse(Referral r) => new(
        r.Id, r.PlacementRequestId, r.SettingId, r.Setting.Name, r.Setting.Provider.Name, r.Status, Utc(r.SentAt), Utc(r.RespondBy),
        r.RespondedAt is { } at ? Utc(at) : null,
        r.Offer is { } o ? new OfferResponse(o.Id, o.AvailableFrom, o.WeeklyCost, o.Conditions, o.Status) : null,
        r.DeclineReason, r.ChasedAt is { } chased ? Utc(chased) : null, r.WithdrawnReason);

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
