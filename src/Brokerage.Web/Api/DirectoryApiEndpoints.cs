using System.Text.Json;
using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Api;

/// <summary>A provider as the council's systems send it.</summary>
public sealed record ProviderBody(string? Name, string? CompanyNumber, string? CharityNumber, string? ReferralEmail, string? EscalationEmail, string? EscalationContactName, string? EscalationPhone);

/// <summary>A provider's contacts, as its own system sends them.</summary>
public sealed record ContactsBody(string? ReferralEmail, string? EscalationEmail, string? EscalationContactName, string? EscalationPhone);

/// <summary>A setting. Enum values are text (type: Fostering, ChildrensHome, SupportedAccommodation, CareHome; registration, rating and genders as in the responses), so a wrong one is a field error.</summary>
public sealed record SettingBody
{
    public string? Name { get; init; }
    public string? Type { get; init; }
    public string? Registration { get; init; }
    public string? OfstedUrn { get; init; }
    public string? CqcLocationId { get; init; }
    public DateOnly? RegisteredFrom { get; init; }
    public DateOnly? RegistrationEndsOn { get; init; }
    public string? Rating { get; init; }
    public DateOnly? RatingDate { get; init; }
    public string? Address { get; init; }
    public string? Postcode { get; init; }
    public string? Locality { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public bool? InCounty { get; init; }
    public int? Places { get; init; }
    public int? PlacesFilled { get; init; }

    /// <summary>The places filled as read before a correction: a <see cref="PlacesFilled"/> that differs from the saved figure needs it.</summary>
    public int? PlacesFilledSeen { get; init; }
    public int? MinAge { get; init; }
    public int? MaxAge { get; init; }
    public string? GendersAccepted { get; init; }
    public IReadOnlyList<string>? Specialisms { get; init; }
    public decimal? WeeklyRate { get; init; }
}

/// <summary>A contract: arrangement InHouse, BlockContract or Framework (with frameworkLotId).</summary>
public sealed record ContractBody(string? Arrangement, int? FrameworkLotId, int? ReservedPlaces, decimal? AgreedWeeklyPrice, DateOnly? StartsOn, DateOnly? EndsOn);

public sealed record LotBody(string? Framework, string? Name, string? PlacementType, string? Description);

/// <summary>Places out of use: reason CarerRespite, Staffing, MatchingWithChildInPlace, AwaitingChildMovingIn, RepairsOrRefurbishment or Other (with detail).</summary>
public sealed record PlacesOutOfUseBody(int? Places, string? Reason, string? Detail, DateOnly? From, DateOnly? Until);

public sealed record ProviderResponse(int Id, string Name, string? CompanyNumber, string? CharityNumber, string ReferralEmail, string EscalationEmail, string? EscalationContactName, string? EscalationPhone);

public sealed record ContractResponse(int Id, ContractArrangement Arrangement, int? FrameworkLotId, string? FrameworkLot, int? ReservedPlaces, decimal? AgreedWeeklyPrice, DateOnly StartsOn, DateOnly? EndsOn);

public sealed record OutOfUseResponse(int Id, int Places, UnavailableReason Reason, string? Detail, DateOnly From, DateOnly Until, string RecordedBy);

public sealed record SettingResponse(
    int Id, int ProviderId, string Name, PlacementType Type, Registration Registration, Registration RegistrationToday, string? OfstedUrn, string? CqcLocationId,
    DateOnly? RegisteredFrom, DateOnly? RegistrationEndsOn, OfstedRating? Rating, DateOnly? RatingDate, string? Address, string Postcode, string Locality,
    double Latitude, double Longitude, bool InCounty, int Places, int PlacesFilled, int PlacesOutOfUseToday, int PlacesFreeToday, int MinAge, int MaxAge,
    GendersAccepted GendersAccepted, IReadOnlyList<Needs> Specialisms, decimal WeeklyRate, ContractArrangement ContractToday,
    IReadOnlyList<ContractResponse> Contracts, IReadOnlyList<OutOfUseResponse> PlacesOutOfUse);

public sealed record LotResponse(int Id, string Framework, string Name, PlacementType PlacementType, string? Description);

/// <summary>
/// The directory for the council's own systems (council keys), and the operational facts a provider's
/// own system keeps current (provider keys). The same service, checks and audit as the pages.
/// </summary>
public static class DirectoryApiEndpoints
{
    private const string ProviderRoute = "GetDirectoryProvider";
    private const string SettingRoute = "GetDirectorySetting";

    public static IEndpointRouteBuilder MapDirectoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(Policies.ApiClient)
            .AddEndpointFilter<DomainExceptionFilter>()
            .WithTags("Directory")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/providers", ListProvidersAsync).WithSummary("Every provider, by name");
        api.MapPost("/providers", AddProviderAsync).Accepts<ProviderBody>("application/json").WithSummary("Add a provider").ProducesValidationProblem();
        api.MapGet("/providers/{id:int}", GetProviderAsync).WithName(ProviderRoute).WithSummary("Read a provider");
        api.MapPut("/providers/{id:int}", UpdateProviderAsync).Accepts<ProviderBody>("application/json").WithSummary("Change a provider").ProducesValidationProblem();
        api.MapPost("/providers/{id:int}/settings", AddSettingAsync).Accepts<SettingBody>("application/json").WithSummary("Add a setting to a provider").ProducesValidationProblem();
        api.MapGet("/settings", SearchAsync).WithSummary("Search the directory: text (name, URN, CQC location ID or postcode), type, registration, rating, contract, inCounty, freePlaces, page");
        api.MapGet("/settings/{id:int}", GetSettingAsync).WithName(SettingRoute).WithSummary("Read a setting with its contracts and places out of use");
        api.MapPut("/settings/{id:int}", UpdateSettingAsync).Accepts<SettingBody>("application/json").WithSummary("Change a setting; the next matching run uses it").ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/settings/{id:int}/contracts", AddContractAsync).Accepts<ContractBody>("application/json").WithSummary("Add a dated contract to a setting").ProducesValidationProblem();
        api.MapPut("/settings/{id:int}/contracts/{contractId:int}", UpdateContractAsync).Accepts<ContractBody>("application/json").WithSummary("Change a contract, such as its end date").ProducesValidationProblem();
        api.MapDelete("/settings/{id:int}/contracts/{contractId:int}", RemoveContractAsync).WithSummary("Remove a contract entered by mistake");
        api.MapPost("/settings/{id:int}/places-out-of-use", (int id, HttpRequest http, DirectoryService d, CancellationToken ct) => RecordOutOfUseAsync(id, http, d, DirectoryActor.Council(http.HttpContext.User.Actor()), ct))
            .Accepts<PlacesOutOfUseBody>("application/json").WithSummary("Record places out of use at a setting").ProducesValidationProblem();
        api.MapGet("/framework-lots", ListLotsAsync).WithSummary("The council's framework lots");
        api.MapPost("/framework-lots", AddLotAsync).Accepts<LotBody>("application/json").WithSummary("Add a framework lot").ProducesValidationProblem();

        var provider = app.MapGroup("/api/v1/provider")
            .RequireAuthorization(Policies.ProviderApiClient)
            .AddEndpointFilter<DomainExceptionFilter>()
            .WithTags("Provider")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        provider.MapGet("/settings", OwnSettingsAsync).WithSummary("Your settings as the council records them, with places free today");
        provider.MapPost("/settings/{id:int}/places-out-of-use", (int id, HttpRequest http, DirectoryService d, CancellationToken ct) => RecordOutOfUseAsync(id, http, d, ProviderActor(http.HttpContext), ct))
            .Accepts<PlacesOutOfUseBody>("application/json").WithSummary("Record places out of use at one of your settings").ProducesValidationProblem();
        provider.MapDelete("/settings/{id:int}/places-out-of-use/{entryId:int}", async (int id, int entryId, HttpContext http, DirectoryService d, CancellationToken ct) =>
        {
            await d.EndUnavailableAsync(id, entryId, ProviderActor(http), ct);
            return TypedResults.NoContent();
        }).WithSummary("Bring places back into use from today");
        provider.MapPut("/contacts", UpdateContactsAsync).Accepts<ContactsBody>("application/json").WithSummary("Change your referral mailbox and escalation contact").ProducesValidationProblem();
        return app;
    }

    private static DirectoryActor ProviderActor(HttpContext http) => new(http.User.Actor(), http.User.ProviderIdOf()!.Value);

    private static async Task<Ok<List<ProviderResponse>>> ListProvidersAsync(BrokerageDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.Providers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct)).Select(ToResponse).ToList());

    private static async Task<Results<Ok<ProviderResponse>, ProblemHttpResult>> GetProviderAsync(int id, BrokerageDbContext db, CancellationToken ct) =>
        await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } p ? TypedResults.Ok(ToResponse(p)) : TypedResults.Problem(statusCode: 404, title: "Not found", detail: "Provider not found");

    private static async Task<CreatedAtRoute<ProviderResponse>> AddProviderAsync(HttpRequest http, DirectoryService directory, CancellationToken ct)
    {
        var provider = await directory.AddProviderAsync(ToDetails(await ApiEndpoints.ReadBodyAsync<ProviderBody>(http, ct)), DirectoryActor.Council(http.HttpContext.User.Actor()), ct);
        return TypedResults.CreatedAtRoute(ToResponse(provider), ProviderRoute, new { id = provider.Id });
    }

    private static async Task<Ok<ProviderResponse>> UpdateProviderAsync(int id, HttpRequest http, DirectoryService directory, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await directory.UpdateProviderAsync(id, ToDetails(await ApiEndpoints.ReadBodyAsync<ProviderBody>(http, ct)), DirectoryActor.Council(http.HttpContext.User.Actor()), ct)));

    private static async Task<Ok<ProviderResponse>> UpdateContactsAsync(HttpRequest http, DirectoryService directory, CancellationToken ct)
    {
        var body = await ApiEndpoints.ReadBodyAsync<ContactsBody>(http, ct);
        var actor = ProviderActor(http.HttpContext);
        var provider = await directory.UpdateContactsAsync(actor.ProviderId!.Value, new ProviderContacts
        {
            ReferralEmail = body.ReferralEmail, EscalationEmail = body.EscalationEmail, EscalationContactName = body.EscalationContactName, EscalationPhone = body.EscalationPhone,
        }, actor, ct);
        return TypedResults.Ok(ToResponse(provider));
    }

    private static async Task<Results<CreatedAtRoute<SettingResponse>, ValidationProblem>> AddSettingAsync(int id, HttpRequest http, DirectoryService directory, BrokerageDbContext db, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var details = ToDetails(await ApiEndpoints.ReadBodyAsync<SettingBody>(http, ct), errors);
        if (errors.Count > 0)
        {
            return Problem(errors, await directory.CheckSettingAsync(details, id, null, ct));
        }

        var setting = await directory.AddSettingAsync(id, details, DirectoryActor.Council(http.HttpContext.User.Actor()), ct);
        return TypedResults.CreatedAtRoute(await SettingAsync(db, setting.Id, time, ct), SettingRoute, new { id = setting.Id });
    }

    private static async Task<Results<Ok<SettingResponse>, ValidationProblem>> UpdateSettingAsync(int id, HttpRequest http, DirectoryService directory, BrokerageDbContext db, TimeProvider time, CancellationToken ct)
    {
        var providerId = await db.Settings.Where(s => s.Id == id).Select(s => (int?)s.ProviderId).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Setting not found");
        var errors = new Dictionary<string, string[]>();
        var details = ToDetails(await ApiEndpoints.ReadBodyAsync<SettingBody>(http, ct), errors);
        if (errors.Count > 0)
        {
            return Problem(errors, await directory.CheckSettingAsync(details, providerId, id, ct));
        }

        await directory.UpdateSettingAsync(id, details, DirectoryActor.Council(http.HttpContext.User.Actor()), ct);
        return TypedResults.Ok(await SettingAsync(db, id, time, ct));
    }

    private static async Task<Results<Ok<SettingResponse>, ProblemHttpResult>> GetSettingAsync(int id, BrokerageDbContext db, TimeProvider time, CancellationToken ct) =>
        await db.Settings.AnyAsync(s => s.Id == id, ct) ? TypedResults.Ok(await SettingAsync(db, id, time, ct)) : TypedResults.Problem(statusCode: 404, title: "Not found", detail: "Setting not found");

    private static async Task<Results<Ok<List<DirectoryRow>>, ValidationProblem>> SearchAsync(HttpRequest http, DirectorySearch search, CancellationToken ct)
    {
        var q = http.Query;
        var errors = new Dictionary<string, string[]>();
        T? Parse<T>(string key) where T : struct, Enum => ApiFields.Enum<T>(q[key].ToString(), key, errors);

        var query = new DirectoryQuery(
            q["text"].ToString() is { Length: > 0 } text ? text : null,
            Parse<PlacementType>("type"), Parse<Registration>("registration"), Parse<OfstedRating>("rating"), Parse<ContractArrangement>("contract"),
            bool.TryParse(q["inCounty"], out var inCounty) ? inCounty : null,
            bool.TryParse(q["freePlaces"], out var free) && free);
        if (query.Text?.Length > FieldRules.SearchMaxLength)
        {
            errors["text"] = [FieldRules.TooLong("the search text", FieldRules.SearchMaxLength)];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The search is not valid");
        }

        var page = int.TryParse(q["page"], out var p) && p > 0 ? p : 1;
        var (rows, total) = await search.SearchAsync(query, page, cancellationToken: ct);
        http.HttpContext.Response.Headers["X-Total-Count"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(rows.ToList());
    }

    private static async Task<Results<Created<ContractResponse>, ValidationProblem>> AddContractAsync(int id, HttpRequest http, DirectoryService directory, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var details = ToDetails(await ApiEndpoints.ReadBodyAsync<ContractBody>(http, ct), errors);
        if (errors.Count > 0)
        {
            return Problem(errors, await directory.CheckContractAsync(id, null, details, ct));
        }

        var contract = await directory.AddContractAsync(id, details, DirectoryActor.Council(http.HttpContext.User.Actor()), ct);
        return TypedResults.Created($"/api/v1/settings/{id}", ToResponse(contract));
    }

    private static async Task<Results<Ok<ContractResponse>, ValidationProblem>> UpdateContractAsync(int id, int contractId, HttpRequest http, DirectoryService directory, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var details = ToDetails(await ApiEndpoints.ReadBodyAsync<ContractBody>(http, ct), errors);
        if (errors.Count > 0)
        {
            return Problem(errors, await directory.CheckContractAsync(id, contractId, details, ct));
        }

        return TypedResults.Ok(ToResponse(await directory.UpdateContractAsync(id, contractId, details, DirectoryActor.Council(http.HttpContext.User.Actor()), ct)));
    }

    private static async Task<NoContent> RemoveContractAsync(int id, int contractId, HttpContext http, DirectoryService directory, CancellationToken ct)
    {
        await directory.RemoveContractAsync(id, contractId, DirectoryActor.Council(http.User.Actor()), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<OutOfUseResponse>, ValidationProblem>> RecordOutOfUseAsync(int id, HttpRequest http, DirectoryService directory, DirectoryActor actor, CancellationToken ct)
    {
        var body = await ApiEndpoints.ReadBodyAsync<PlacesOutOfUseBody>(http, ct);
        var errors = new Dictionary<string, string[]>();
        var reason = ApiFields.Enum<UnavailableReason>(body.Reason, "reason", errors, required: false);
        var details = new UnavailableDetails { Places = body.Places, Reason = reason, Detail = body.Detail, From = body.From, Until = body.Until };
        if (errors.Count > 0)
        {
            return Problem(errors, await directory.CheckUnavailableAsync(id, details, actor, ct));
        }

        var entry = await directory.RecordUnavailableAsync(id, details, actor, ct);
        return TypedResults.Created($"/api/v1/settings/{id}", new OutOfUseResponse(entry.Id, entry.Places, entry.Reason, entry.Detail, entry.From, entry.Until, entry.RecordedBy));
    }

    private static async Task<Ok<List<LotResponse>>> ListLotsAsync(BrokerageDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.FrameworkLots.AsNoTracking().OrderBy(l => l.Framework).ThenBy(l => l.Name)
            .Select(l => new LotResponse(l.Id, l.Framework, l.Name, l.PlacementType, l.Description)).ToListAsync(ct));

    private static async Task<Results<Created<LotResponse>, ValidationProblem>> AddLotAsync(HttpRequest http, DirectoryService directory, CancellationToken ct)
    {
        var body = await ApiEndpoints.ReadBodyAsync<LotBody>(http, ct);
        var errors = new Dictionary<string, string[]>();
        var details = new LotDetails { Framework = body.Framework, Name = body.Name, PlacementType = ApiFields.Enum<PlacementType>(body.PlacementType, "placementType", errors, required: false), Description = body.Description };
        if (errors.Count > 0)
        {
            return Problem(errors, await directory.CheckLotAsync(null, details, ct));
        }

        var lot = await directory.SaveLotAsync(null, details, DirectoryActor.Council(http.HttpContext.User.Actor()), ct);
        return TypedResults.Created("/api/v1/framework-lots", new LotResponse(lot.Id, lot.Framework, lot.Name, lot.PlacementType, lot.Description));
    }

    private static async Task<Ok<List<SettingResponse>>> OwnSettingsAsync(HttpContext http, BrokerageDbContext db, TimeProvider time, CancellationToken ct)
    {
        var providerId = http.User.ProviderIdOf()!.Value;
        var ids = await db.Settings.Where(s => s.ProviderId == providerId).OrderBy(s => s.Name).Select(s => s.Id).ToListAsync(ct);
        var settings = new List<SettingResponse>();
        foreach (var id in ids)
        {
            settings.Add(await SettingAsync(db, id, time, ct));
        }

        return TypedResults.Ok(settings);
    }

    /// <summary>Field errors the body's text could not be read into, with the service's for everything it could.</summary>
    private static ValidationProblem Problem(Dictionary<string, string[]> errors, FieldErrors checks)
    {
        foreach (var error in checks)
        {
            errors.TryAdd(JsonNamingPolicy.CamelCase.ConvertName(error.Field), [error.Message]);
        }

        return TypedResults.ValidationProblem(errors, title: "The request is not valid");
    }

    private static ProviderDetails ToDetails(ProviderBody b) => new()
    {
        Name = b.Name, CompanyNumber = b.CompanyNumber, CharityNumber = b.CharityNumber, ReferralEmail = b.ReferralEmail,
        EscalationEmail = b.EscalationEmail, EscalationContactName = b.EscalationContactName, EscalationPhone = b.EscalationPhone,
    };

    private static SettingDetails ToDetails(SettingBody b, Dictionary<string, string[]> errors)
    {
        var specialisms = ApiFields.Needs(b.Specialisms, "specialisms", errors);

        return new SettingDetails
        {
            Name = b.Name,
            Type = ApiFields.Enum<PlacementType>(b.Type, "type", errors, required: false),
            Registration = ApiFields.Enum<Registration>(b.Registration, "registration", errors, required: false),
            OfstedUrn = b.OfstedUrn,
            CqcLocationId = b.CqcLocationId,
            RegisteredFrom = b.RegisteredFrom,
            RegistrationEndsOn = b.RegistrationEndsOn,
            Rating = ApiFields.Enum<OfstedRating>(b.Rating, "rating", errors, required: false),
            RatingDate = b.RatingDate,
            Address = b.Address,
            Postcode = b.Postcode,
            Locality = b.Locality,
            Latitude = b.Latitude,
            Longitude = b.Longitude,
            InCounty = b.InCounty ?? false,
            Places = b.Places,
            PlacesFilled = b.PlacesFilled,
            PlacesFilledSeen = b.PlacesFilledSeen,
            MinAge = b.MinAge,
            MaxAge = b.MaxAge,
            GendersAccepted = ApiFields.Enum<GendersAccepted>(b.GendersAccepted, "gendersAccepted", errors, required: false) ?? GendersAccepted.Any,
            Specialisms = specialisms,
            WeeklyRate = b.WeeklyRate,
        };
    }

    private static ContractDetails ToDetails(ContractBody b, Dictionary<string, string[]> errors) => new()
    {
        Arrangement = ApiFields.Enum<ContractArrangement>(b.Arrangement, "arrangement", errors, required: false),
        FrameworkLotId = b.FrameworkLotId,
        ReservedPlaces = b.ReservedPlaces,
        AgreedWeeklyPrice = b.AgreedWeeklyPrice,
        StartsOn = b.StartsOn,
        EndsOn = b.EndsOn,
    };

    private static ProviderResponse ToResponse(Provider p) =>
        new(p.Id, p.Name, p.CompanyNumber, p.CharityNumber, p.ReferralEmail, p.EscalationEmail, p.EscalationContactName, p.EscalationPhone);

    private static ContractResponse ToResponse(SettingContract c) =>
        new(c.Id, c.Arrangement, c.FrameworkLotId, c.Lot?.Name, c.ReservedPlaces, c.AgreedWeeklyPrice, c.StartsOn, c.EndsOn);

    private static async Task<SettingResponse> SettingAsync(BrokerageDbContext db, int id, TimeProvider time, CancellationToken ct)
    {
        var today = UkTime.Today(time);
        var s = await db.Settings.AsNoTracking()
            .Include(x => x.Contracts.OrderBy(c => c.StartsOn)).ThenInclude(c => c.Lot)
            .Include(x => x.Unavailability.Where(u => u.Until >= today).OrderBy(u => u.From))
            .AsSplitQuery()
            .SingleAsync(x => x.Id == id, ct);
        return new SettingResponse(
            s.Id, s.ProviderId, s.Name, s.Type, s.Registration, s.RegistrationOn(today), s.OfstedUrn, s.CqcLocationId, s.RegisteredFrom, s.RegistrationEndsOn,
            s.Rating, s.RatingDate, s.Address, s.Postcode, s.Locality, s.Latitude, s.Longitude, s.InCounty, s.Places, s.PlacesFilled, s.PlacesUnavailableOn(today),
            s.FreePlacesOn(today), s.MinAge, s.MaxAge, s.GendersAccepted, [.. Display.EachNeed(s.Specialisms)], s.WeeklyRate, s.ArrangementOn(today),
            s.Contracts.Select(ToResponse).ToList(),
            s.Unavailability.Select(u => new OutOfUseResponse(u.Id, u.Places, u.Reason, u.Detail, u.From, u.Until, u.RecordedBy)).ToList());
    }
}
