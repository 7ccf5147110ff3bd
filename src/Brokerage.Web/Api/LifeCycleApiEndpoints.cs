using System.Text.Json;
using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Brokerage.Core.Referrals;
using Brokerage.Core.Requests;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Api;

/// <summary>Why a referral is withdrawn while the search goes on; the provider is told it.</summary>
public sealed record WithdrawReferralBody(string? Reason);

/// <summary>The child arrived: when (a date and time, at most 5 minutes ahead).</summary>
/// <param name="Version">The placement's version as read (GET .../placement).</param>
public sealed record ArrivalBody(int? Version, DateTimeOffset? ArrivedAt);

/// <summary>The child never arrived: the place is given back and the request opens again.</summary>
/// <param name="Version">The placement's version as read (GET .../placement).</param>
public sealed record DidNotStartBody(int? Version, string? Reason);

/// <summary>
/// The end of a placement. reason: ProviderNotice (with noticeGivenOn), CouncilDecision, NeedsChanged,
/// ChildWishes, Breakdown, ReturnedHome, Permanence, LeftCare or Other (with details). move: true
/// raises the child's next request, filled in from this one.
/// </summary>
/// <param name="Version">The placement's version as read (GET .../placement).</param>
/// <param name="BrokerEmail">With a move: the broker or team mailbox responsible for the next request; by default the one responsible for this request.</param>
public sealed record EndingBody(int? Version, DateOnly? EndDate, bool? Planned, string? Reason, string? Details, DateOnly? NoticeGivenOn, bool? Move, string? BrokerEmail);

/// <param name="Version">The placement's version as read (GET .../placement).</param>
public sealed record InterimBody(int? Version, bool? IsInterim);

/// <summary>A new weekly cost from a date. reason: FeeUplift, PackageReview, NeedsChanged or Other (with details).</summary>
/// <param name="Version">The placement's version as read (GET .../placement).</param>
public sealed record CostChangeBody(int? Version, DateOnly? EffectiveFrom, decimal? WeeklyCost, string? Reason, string? Details);

/// <param name="AgreedWeeklyCost">The cost agreed at acceptance, before any change.</param>
/// <param name="WeeklyCostToday">The cost in force today, after the changes that have taken effect.</param>
/// <param name="Version">Send it back with the next change, so one made meanwhile is not overwritten.</param>
/// <param name="Ending">Set once an ending is recorded; the status stays Started until the end date.</param>
/// <param name="MoveRequestId">The request raised for the child's move from here.</param>
public sealed record PlacementResponse(
    int Id,
    int PlacementRequestId,
    int SettingId,
    string SettingName,
    string ProviderName,
    PlacementStatus Status,
    DateOnly StartDate,
    DateTimeOffset? ArrivedAt,
    decimal AgreedWeeklyCost,
    decimal WeeklyCostToday,
    bool IsInterim,
    int Version,
    PlacementEndingResponse? Ending,
    string? DidNotStartReason,
    int? MoveRequestId,
    IReadOnlyList<CostChangeResponse> CostChanges);

/// <param name="NoticePeriodDays">For an ending on the provider's notice: the days the contract asks for.</param>
/// <param name="ShortNotice">The provider gave less notice than the contract asks for.</param>
public sealed record PlacementEndingResponse(DateOnly EndDate, bool? Planned, EndReason? Reason, string? Details, DateOnly? NoticeGivenOn, int? NoticePeriodDays, bool ShortNotice, DateTimeOffset? RecordedAt);

public sealed record CostChangeResponse(int Id, DateOnly EffectiveFrom, decimal WeeklyCost, decimal PreviousWeeklyCost, CostChangeReason Reason, string? Details, DateTimeOffset RecordedAt, string RecordedBy);

/// <summary>
/// The broker's actions after a request is made, as the request and placement pages take them:
/// change or withdraw a request, chase or withdraw a referral, and a placement's arrival,
/// did-not-start, ending, interim flag and cost changes. The same Core services, checks and audit.
/// Changes to a request or placement carry the version read, so one made meanwhile is a conflict.
/// </summary>
public static class LifeCycleApiEndpoints
{
    private const string PlacementRoute = "GetPlacement";

    public static IEndpointRouteBuilder MapLifeCycleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(Policies.ApiClient)
            .AddEndpointFilter<DomainExceptionFilter>()
            .WithTags("Brokerage")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut("/placement-requests/{id:int}", EditRequestAsync)
            .Accepts<EditPlacementRequestBody>("application/json")
            .WithSummary("Change a placement request: every field as for a new one, with the version read; providers with an open referral hear of a change to the profile they saw")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/placement-requests/{id:int}/withdrawal", WithdrawRequestAsync)
            .Accepts<WithdrawPlacementRequestBody>("application/json")
            .WithSummary("Withdraw a request no placement is needed for: each provider with an open referral is told once, and no chase, respond-by or escalation follows")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/referrals/{id:int}/withdrawal", WithdrawReferralAsync)
            .Accepts<WithdrawReferralBody>("application/json")
            .WithSummary("Withdraw one referral while the search goes on; the provider is told why")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/referrals/{id:int}/chases", ChaseReferralAsync)
            .WithSummary($"Chase the provider for an answer on a referral still waiting for one; at most one chase every {ReferralService.ChaseInterval.TotalMinutes:0} minutes")
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/placement-requests/{id:int}/placement", GetPlacementAsync)
            .WithName(PlacementRoute)
            .WithSummary("Read the request's placement: status, setting, dates, weekly cost today, interim, version, ending and cost changes");
        api.MapPost("/placement-requests/{id:int}/placement/arrival", RecordArrivalAsync)
            .Accepts<ArrivalBody>("application/json")
            .WithSummary("Record that the child arrived; the request is closed")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/placement-requests/{id:int}/placement/did-not-start", RecordDidNotStartAsync)
            .Accepts<DidNotStartBody>("application/json")
            .WithSummary("Record that the child never arrived: the place is given back and the request opens again")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/placement-requests/{id:int}/placement/ending", EndAsync)
            .Accepts<EndingBody>("application/json")
            .WithSummary("Record the end of a placement; with move, the child's next request is raised (201, its address in Location)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPut("/placement-requests/{id:int}/placement/interim", SetInterimAsync)
            .Accepts<InterimBody>("application/json")
            .WithSummary("Mark a placement as interim (a stop-gap until the right home is found), or no longer interim")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/placement-requests/{id:int}/placement/cost-changes", ChangeWeeklyCostAsync)
            .Accepts<CostChangeBody>("application/json")
            .WithSummary("Record a new weekly cost from a date")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<EditPlacementRequestResponse>, ValidationProblem>> EditRequestAsync(int id, HttpRequest http, RequestChangeService changes, BrokerageDbContext db, CancellationToken ct)
    {
        var body = await ApiEndpoints.ReadBodyAsync<EditPlacementRequestBody>(http, ct);
        var errors = new Dictionary<string, string[]>();
        var options = ApiRequestMapper.ToOptions(body, errors, changedBy: http.HttpContext.User.Actor());
        RequireVersion(body.Version, "request", "GET /api/v1/placement-requests/{id}", errors);
        if (options is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The placement request is not valid");
        }

        var version = body.Version ?? await db.PlacementRequests.Where(r => r.Id == id).Select(r => r.Version).FirstOrDefaultAsync(ct);
        EditResult? result = null;
        if (await ActAsync(errors, async () => result = await changes.EditAsync(new EditPlacementRequestOptions(id, version, options, http.HttpContext.User.Actor()), ct), db, ct) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(new EditPlacementRequestResponse(ApiEndpoints.ToResponse(result!.Request), result.Changed, result.ProvidersTold, result.RunMatchingAgain));
    }

    private static async Task<Results<Ok<PlacementRequestResponse>, ValidationProblem>> WithdrawRequestAsync(int id, HttpRequest http, RequestChangeService changes, BrokerageDbContext db, CancellationToken ct)
    {
        var body = await ApiEndpoints.ReadBodyAsync<WithdrawPlacementRequestBody>(http, ct);
        var errors = new Dictionary<string, string[]>();
        var reason = ApiFields.Enum<WithdrawalReason>(body.Reason, "reason", errors, required: true);
        PlacementRequest? request = null;
        if (await ActAsync(errors, async () => request = await changes.WithdrawAsync(new WithdrawPlacementRequestOptions(id, reason, body.Details, http.HttpContext.User.Actor()), ct), db, ct) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(ApiEndpoints.ToResponse(request!));
    }

    private static async Task<Ok<ReferralResponse>> WithdrawReferralAsync(int id, HttpRequest http, ReferralService referrals, BrokerageDbContext db, CancellationToken ct)
    {
        var body = await ApiEndpoints.ReadBodyAsync<WithdrawReferralBody>(http, ct);
        await referrals.WithdrawAsync(new WithdrawReferralOptions(await RequestOfReferralAsync(db, id, ct), id, body.Reason, http.HttpContext.User.Actor()), ct);
        return TypedResults.Ok(await ReferralAsync(db, id, ct));
    }

    private static async Task<Ok<ReferralResponse>> ChaseReferralAsync(int id, HttpContext http, ReferralService referrals, BrokerageDbContext db, CancellationToken ct)
    {
        await referrals.ChaseAsync(new ChaseReferralOptions(await RequestOfReferralAsync(db, id, ct), id, http.User.Actor()), ct);
        return TypedResults.Ok(await ReferralAsync(db, id, ct));
    }

    private static async Task<Results<Ok<PlacementResponse>, ProblemHttpResult>> GetPlacementAsync(int id, PlacementService placements, TimeProvider time, CancellationToken ct) =>
        await placements.FindAsync(id, ct) is { } placement
            ? TypedResults.Ok(ToResponse(placement, time))
            : ApiEndpoints.NotFoundProblem("This request has no placement");

    private static async Task<Results<Ok<PlacementResponse>, ValidationProblem>> RecordArrivalAsync(int id, HttpRequest http, PlacementLifecycleService lifecycle, PlacementService placements, BrokerageDbContext db, TimeProvider time, CancellationToken ct)
    {
        var body = await ApiEndpoints.ReadBodyAsync<ArrivalBody>(http, ct);
        var errors = new Dictionary<string, string[]>();
        var version = await PlacementVersionAsync(body.Version, id, db, errors, ct);
        if (await ActAsync(errors, () => lifecycle.RecordArrivalAsync(new RecordArrivalOptions(id, version, body.ArrivedAt?.UtcDateTime, http.HttpContext.User.Actor()), ct), db, ct) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await PlacementAsync(placements, id, time, ct));
    }

    private static async Task<Results<Ok<PlacementResponse>, ValidationProblem>> RecordDidNotStartAsync(int id, HttpRequest http, PlacementLifecycleService lifecycle, PlacementService placements, BrokerageDbContext db, TimeProvider time, CancellationToken ct)
    {
        var body = await ApiEndpoints.ReadBodyAsync<DidNotStartBody>(http, ct);
        var errors = new Dictionary<string, string[]>();
        var version = await PlacementVersionAsync(body.Version, id, db, errors, ct);
        if (await ActAsync(errors, () => lifecycle.RecordDidNotStartAsync(new RecordDidNotStartOptions(id, version, body.Reason, http.HttpContext.User.Actor()), ct), db, ct) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await PlacementAsync(placements, id, time, ct));
    }

    private static async Task<Results<Ok<PlacementResponse>, CreatedAtRoute<PlacementResponse>, ValidationProblem>> EndAsync(int id, HttpRequest http, PlacementLifecycleService lifecycle, PlacementService placements, BrokerageDbContext db, TimeProvider time, CancellationToken ct)
    {
        var body = await ApiEndpoints.ReadBodyAsync<EndingBody>(http, ct);
        var errors = new Dictionary<string, string[]>();
        var version = await PlacementVersionAsync(body.Version, id, db, errors, ct);
        var reason = ApiFields.Enum<EndReason>(body.Reason, "reason", errors, required: true);
        // A move raises a new request: the client says which it wants, as the broker does on the page.
        if (body.Move is null)
        {
            errors["move"] = ["Say whether the child needs another placement: move is true or false"];
        }

        // The API client is not a mailbox: the move's offers and escalations go to a broker, the last request's unless the client names one.
        if (body.BrokerEmail is not null && !ApiFields.IsMailbox(body.BrokerEmail))
        {
            errors["brokerEmail"] = ["Give the email address of the broker or team responsible for the next request, or leave it out to keep this request's"];
        }

        var broker = body.Move == true ? body.BrokerEmail?.Trim() ?? await db.PlacementRequests.Where(r => r.Id == id).Select(r => r.CreatedBy).FirstOrDefaultAsync(ct) : null;
        PlacementRequest? move = null;
        var options = new EndPlacementOptions(id, version, body.EndDate, body.Planned, reason, body.Details, body.NoticeGivenOn, body.Move == true, http.HttpContext.User.Actor(), broker);
        if (await ActAsync(errors, async () => (_, move) = await lifecycle.EndAsync(options, ct), db, ct) is { } problem)
        {
            return problem;
        }

        var placement = await PlacementAsync(placements, id, time, ct);
        return move is null
            ? TypedResults.Ok(placement)
            : TypedResults.CreatedAtRoute(placement, ApiEndpoints.PlacementRequestRoute, new { id = move.Id });
    }

    private static async Task<Results<Ok<PlacementResponse>, ValidationProblem>> SetInterimAsync(int id, HttpRequest http, PlacementLifecycleService lifecycle, PlacementService placements, BrokerageDbContext db, TimeProvider time, CancellationToken ct)
    {
        var body = await ApiEndpoints.ReadBodyAsync<InterimBody>(http, ct);
        var errors = new Dictionary<string, string[]>();
        var version = await PlacementVersionAsync(body.Version, id, db, errors, ct);
        if (body.IsInterim is null)
        {
            errors["isInterim"] = ["Say whether the placement is interim: isInterim is true or false"];
        }

        if (await ActAsync(errors, () => lifecycle.SetInterimAsync(new SetInterimOptions(id, version, body.IsInterim ?? false, http.HttpContext.User.Actor()), ct), db, ct) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await PlacementAsync(placements, id, time, ct));
    }

    private static async Task<Results<CreatedAtRoute<PlacementResponse>, ValidationProblem>> ChangeWeeklyCostAsync(int id, HttpRequest http, PlacementLifecycleService lifecycle, PlacementService placements, BrokerageDbContext db, TimeProvider time, CancellationToken ct)
    {
        var body = await ApiEndpoints.ReadBodyAsync<CostChangeBody>(http, ct);
        var errors = new Dictionary<string, string[]>();
        var version = await PlacementVersionAsync(body.Version, id, db, errors, ct);
        var reason = ApiFields.Enum<CostChangeReason>(body.Reason, "reason", errors, required: true);
        if (await ActAsync(errors, () => lifecycle.ChangeWeeklyCostAsync(new ChangeWeeklyCostOptions(id, version, body.EffectiveFrom, body.WeeklyCost, reason, body.Details, http.HttpContext.User.Actor()), ct), db, ct) is { } problem)
        {
            return problem;
        }

        return TypedResults.CreatedAtRoute(await PlacementAsync(placements, id, time, ct), PlacementRoute, new { id });
    }

    /// <summary>
    /// Does the action, or, when the body has fields the API could not read (a missing version, a
    /// name it does not know), still lets the service judge the rest so that every bad field is
    /// named at once. That trial runs in a transaction rolled back whatever the service finds, so
    /// nothing is written; the API's own message for a field comes first.
    /// </summary>
    /// <returns>The problem naming every bad field, or null when the action was done.</returns>
    private static async Task<ValidationProblem?> ActAsync(Dictionary<string, string[]> errors, Func<Task> act, BrokerageDbContext db, CancellationToken ct)
    {
        if (errors.Count == 0)
        {
            await act();
            return null;
        }

        await using (var trial = await db.BeginOrJoinTransactionAsync(ct))
        {
            try
            {
                await act();
            }
            catch (ValidationFailedException ex)
            {
                foreach (var error in ex.Errors)
                {
                    errors.TryAdd(JsonNamingPolicy.CamelCase.ConvertName(error.Field), [error.Message]);
                }
            }
            catch (ConflictException)
            {
                // Whether the request or placement can take the action is judged once the body can be read.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return TypedResults.ValidationProblem(errors, title: "The request is not valid");
    }

    private static void RequireVersion(int? version, string what, string readFrom, Dictionary<string, string[]> errors)
    {
        if (version is null)
        {
            errors["version"] = [$"Give the version of the {what} as read ({readFrom}), so that a change made since is not overwritten"];
        }
    }

    /// <summary>The version the client sent; without one (an error), the placement's current version, only so the service can judge the rest of the body.</summary>
    private static async Task<int> PlacementVersionAsync(int? sent, int requestId, BrokerageDbContext db, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        RequireVersion(sent, "placement", "GET /api/v1/placement-requests/{id}/placement", errors);
        return sent ?? await db.Placements.Where(p => p.PlacementRequestId == requestId && p.Status != PlacementStatus.DidNotStart).Select(p => p.Version).FirstOrDefaultAsync(ct);
    }

    private static async Task<int> RequestOfReferralAsync(BrokerageDbContext db, int referralId, CancellationToken ct) =>
        await db.Referrals.Where(r => r.Id == referralId).Select(r => (int?)r.PlacementRequestId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("Referral not found");

    private static async Task<ReferralResponse> ReferralAsync(BrokerageDbContext db, int id, CancellationToken ct) =>
        ApiEndpoints.ToResponse(await ApiEndpoints.ReferralQuery(db).SingleAsync(r => r.Id == id, ct));

    private static async Task<PlacementResponse> PlacementAsync(PlacementService placements, int requestId, TimeProvider time, CancellationToken ct) =>
        ToResponse(await placements.FindAsync(requestId, ct) ?? throw new NotFoundException("This request has no placement"), time);

    private static PlacementResponse ToResponse(Placement p, TimeProvider time) => new(
        p.Id, p.PlacementRequestId, p.SettingId, p.Setting.Name, p.Setting.Provider.Name, p.Status, p.StartDate,
        p.ArrivedAt is { } arrived ? ApiEndpoints.Utc(arrived) : null, p.WeeklyCost, p.WeeklyCostOn(UkTime.Today(time)), p.IsInterim, p.Version,
        p.EndDate is { } end
            ? new PlacementEndingResponse(end, p.EndPlanned, p.EndReason, p.EndDetails, p.NoticeGivenOn, p.NoticePeriodDays, p.EndedOnShortNotice, p.EndRecordedAt is { } at ? ApiEndpoints.Utc(at) : null)
            : null,
        p.DidNotStartReason, p.MoveRequestId,
        p.CostChanges.OrderBy(c => c.EffectiveFrom).ThenBy(c => c.Id)
            .Select(c => new CostChangeResponse(c.Id, c.EffectiveFrom, c.WeeklyCost, c.PreviousWeeklyCost, c.Reason, c.Details, ApiEndpoints.Utc(c.RecordedAt), c.RecordedBy)).ToList());
}
