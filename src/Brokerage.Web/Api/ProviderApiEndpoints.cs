using System.Text.Json;
using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Vacancies;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Api;

/// <summary>A notified vacancy, as a provider's own system sends it. Enum values are text, so a wrong one is a field error.</summary>
public sealed record NotifyVacancyBody
{
    public int? SettingId { get; init; }
    public int? Places { get; init; }
    public int? MinAge { get; init; }
    public int? MaxAge { get; init; }

    /// <summary>Any, Female or Male.</summary>
    public string? Genders { get; init; }

    /// <summary>Needs the carers can meet, as in the placement-request API.</summary>
    public IReadOnlyList<string>? CanMeet { get; init; }
    public DateOnly? ReadyFrom { get; init; }
    public DateOnly? ReadyBy { get; init; }
    public decimal? WeeklyCost { get; init; }
    public string? Notes { get; init; }
}

public sealed record VacancyResponse(int Id, int SettingId, string Setting, int Places, int MinAge, int MaxAge, GendersAccepted Genders, DateOnly ReadyFrom, DateOnly? ReadyBy, decimal WeeklyCost, VacancyStatus Status, DateTime ConfirmedAt, bool Stale);

/// <summary>
/// The API for providers' own systems: a provider-scoped key notifies and keeps current that
/// provider's vacancies, and can reach nothing else.
/// </summary>
public static class ProviderApiEndpoints
{
    public static IEndpointRouteBuilder MapProviderApi(this IEndpointRouteBuilder app)
    {
        var council = app.ServiceProvider.GetRequiredService<IOptions<CouncilOptions>>().Value;
        var api = app.MapGroup("/api/v1/provider")
            .RequireAuthorization(Policies.ProviderApiClient)
            .AddEndpointFilter<DomainExceptionFilter>()
            .WithTags("Provider")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/vacancies", ListAsync).WithSummary("Your vacancies, newest first");
        api.MapPost("/vacancies", NotifyAsync)
            .Accepts<NotifyVacancyBody>("application/json")
            .WithSummary($"Notify a vacancy; it is matched at once against the children {council.ShortName} is looking for a home for")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/vacancies/{id:int}/confirmation", ConfirmAsync).WithSummary("Confirm a vacancy's details are still right, so it is not shown as out of date");
        api.MapDelete("/vacancies/{id:int}", WithdrawAsync).WithSummary("Withdraw a vacancy").ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<List<VacancyResponse>>> ListAsync(HttpContext http, BrokerageDbContext db, Core.Rules.RuleSet rules, TimeProvider time, CancellationToken ct)
    {
        var providerId = http.User.ProviderIdOf()!.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var vacancies = await db.Vacancies.AsNoTracking().Include(v => v.Setting).Where(v => v.ProviderId == providerId).OrderByDescending(v => v.Id).ToListAsync(ct);
        return TypedResults.Ok(vacancies.Select(v => ToResponse(v, now, rules.VacancyScheme.StaleAfterDays)).ToList());
    }

    private static async Task<Results<Created<VacancyResponse>, ValidationProblem>> NotifyAsync(HttpRequest http, VacancyService vacancies, BrokerageLinks links, Core.Rules.RuleSet rules, TimeProvider time, CancellationToken ct)
    {
        var body = await ApiEndpoints.ReadBodyAsync<NotifyVacancyBody>(http, ct);
        var errors = new Dictionary<string, string[]>();
        var genders = GendersAccepted.Any;
        if (body.Genders is not null && !EnumNames.TryParse(body.Genders, out genders))
        {
            errors["genders"] = ["Genders must be Any, Female or Male"];
        }

        var canMeet = ApiFields.Needs(body.CanMeet, "canMeet", errors);

        var options = new NotifyVacancyOptions
        {
            ProviderId = http.HttpContext.User.ProviderIdOf()!.Value,
            SettingId = body.SettingId,
            Places = body.Places,
            MinAge = body.MinAge,
            MaxAge = body.MaxAge,
            Genders = genders,
            CanMeet = canMeet,
            ReadyFrom = body.ReadyFrom,
            ReadyBy = body.ReadyBy,
            WeeklyCost = body.WeeklyCost,
            Notes = body.Notes,
            Actor = http.HttpContext.User.Actor(),
        };
        if (errors.Count > 0)
        {
            // The service judges the fields that could be read, so every error comes back at once.
            foreach (var error in await vacancies.CheckAsync(options, ct))
            {
                errors.TryAdd(JsonNamingPolicy.CamelCase.ConvertName(error.Field), [error.Message]);
            }

            return TypedResults.ValidationProblem(errors, title: "The vacancy is not valid");
        }

        var vacancy = await vacancies.NotifyAsync(options, ct);
        return TypedResults.Created(links.ProviderApiVacancy(vacancy.Id), ToResponse(vacancy, time.GetUtcNow().UtcDateTime, rules.VacancyScheme.StaleAfterDays));
    }

    private static async Task<NoContent> ConfirmAsync(int id, HttpContext http, VacancyService vacancies, CancellationToken ct)
    {
        await vacancies.ConfirmCurrentAsync(http.User.ProviderIdOf()!.Value, id, http.User.Actor(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> WithdrawAsync(int id, HttpContext http, VacancyService vacancies, CancellationToken ct)
    {
        await vacancies.WithdrawAsync(http.User.ProviderIdOf()!.Value, id, http.User.Actor(), ct);
        return TypedResults.NoContent();
    }

    private static VacancyResponse ToResponse(Vacancy v, DateTime now, int staleAfterDays) =>
        new(v.Id, v.SettingId, v.Setting.Name, v.Places, v.MinAge, v.MaxAge, v.Genders, v.ReadyFrom, v.ReadyBy, v.WeeklyCost, v.Status, DateTime.SpecifyKind(v.ConfirmedAt, DateTimeKind.Utc), v.IsStale(now, staleAfterDays));
}
