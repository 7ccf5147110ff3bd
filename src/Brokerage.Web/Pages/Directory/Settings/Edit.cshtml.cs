using System.Globalization;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Directory.Settings;

/// <summary>Adds a setting to a provider (at /directory/providers/{providerId}/settings/new) or changes one.</summary>
public class EditModel(Core.Data.BrokerageDbContext db, DirectoryService directory, BrokerageLinks links) : PageModel, IPageWithState
{
    [FromRoute] public int? Id { get; set; }
    [FromRoute] public int? ProviderId { get; set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public PlacementType? Type { get; set; }
    [BindProperty] public Registration? Registration { get; set; }
    [BindProperty] public string? OfstedUrn { get; set; }
    [BindProperty] public string? CqcLocationId { get; set; }
    [BindProperty] public DateParts RegisteredFrom { get; set; } = new();
    [BindProperty] public DateParts RegistrationEndsOn { get; set; } = new();
    [BindProperty] public OfstedRating? Rating { get; set; }
    [BindProperty] public DateParts RatingDate { get; set; } = new();
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? Postcode { get; set; }
    [BindProperty] public string? Locality { get; set; }
    [BindProperty] public string? Latitude { get; set; }
    [BindProperty] public string? Longitude { get; set; }
    [BindProperty] public bool InCounty { get; set; }
    [BindProperty] public string? Places { get; set; }
    [BindProperty] public string? PlacesFilled { get; set; }
    [BindProperty] public int? PlacesFilledSeen { get; set; }
    [BindProperty] public string? MinAge { get; set; }
    [BindProperty] public string? MaxAge { get; set; }
    [BindProperty] public GendersAccepted GendersAccepted { get; set; }
    [BindProperty] public List<Needs> Specialisms { get; set; } = [];
    [BindProperty] public string? WeeklyRate { get; set; }

    public Core.Domain.Provider Provider { get; private set; } = null!;
    public Setting? Existing { get; private set; }

    public void OnGet()
    {
        if (Existing is not { } s)
        {
            Places = "1";
            PlacesFilled = "0";
            return;
        }

        (Name, Type, Registration, OfstedUrn, CqcLocationId, Rating) = (s.Name, s.Type, s.Registration, s.OfstedUrn, s.CqcLocationId, s.Rating);
        (RegisteredFrom, RegistrationEndsOn, RatingDate) = (DateParts.From(s.RegisteredFrom), DateParts.From(s.RegistrationEndsOn), DateParts.From(s.RatingDate));
        (Address, Postcode, Locality, InCounty) = (s.Address, s.Postcode, s.Locality, s.InCounty);
        (Latitude, Longitude) = (s.Latitude.ToString(CultureInfo.InvariantCulture), s.Longitude.ToString(CultureInfo.InvariantCulture));
        (Places, PlacesFilled, MinAge, MaxAge) = (Text(s.Places), Text(s.PlacesFilled), Text(s.MinAge), Text(s.MaxAge));
        (GendersAccepted, Specialisms, WeeklyRate) = (s.GendersAccepted, Display.EachNeed(s.Specialisms).ToList(), s.WeeklyRate.ToString("0.##", CultureInfo.InvariantCulture));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Binding's own messages would repeat what was typed; each box is read and worded here or by the service.
        ModelState.Clear();
        var details = new SettingDetails
        {
            Name = Name,
            Type = Type,
            Registration = Registration,
            OfstedUrn = OfstedUrn,
            CqcLocationId = CqcLocationId,
            RegisteredFrom = ModelState.ReadDate(RegisteredFrom, nameof(RegisteredFrom), "the date the registration started", required: false),
            RegistrationEndsOn = ModelState.ReadDate(RegistrationEndsOn, nameof(RegistrationEndsOn), "the date the registration ends", required: false),
            Rating = Rating,
            RatingDate = ModelState.ReadDate(RatingDate, nameof(RatingDate), "the date of the inspection", required: false),
            Address = Address,
            Postcode = Postcode,
            Locality = Locality,
            Latitude = ModelState.ReadDegrees(Latitude, nameof(Latitude), "the latitude"),
            Longitude = ModelState.ReadDegrees(Longitude, nameof(Longitude), "the longitude"),
            InCounty = InCounty,
            Places = ModelState.ReadWholeNumber(Places, nameof(Places), "the number of places", "3"),
            PlacesFilled = ModelState.ReadWholeNumber(PlacesFilled, nameof(PlacesFilled), "the number of places filled", "2", required: false),
            PlacesFilledSeen = PlacesFilledSeen,
            MinAge = ModelState.ReadWholeNumber(MinAge, nameof(MinAge), "the youngest age", "8"),
            MaxAge = ModelState.ReadWholeNumber(MaxAge, nameof(MaxAge), "the oldest age", "17"),
            GendersAccepted = GendersAccepted,
            Specialisms = Specialisms.Aggregate(Needs.None, (all, n) => all | n),
            WeeklyRate = ModelState.ReadWeeklyCost(WeeklyRate, nameof(WeeklyRate), "the weekly rate"),
        };
        if (!ModelState.IsValid)
        {
            // The service judges what could be read, so every error shows at once.
            var judged = ModelState.Keys.ToHashSet();
            ModelState.AddFieldErrors((await directory.CheckSettingAsync(details, Provider.Id, Id, cancellationToken)).Where(e => !judged.Contains(e.Field) && !IsUnread(e.Field, judged)));
            return Page();
        }

        var actor = DirectoryActor.Council(User.Actor());
        var setting = Id is { } id
            ? await directory.UpdateSettingAsync(id, details, actor, cancellationToken)
            : await directory.AddSettingAsync(Provider.Id, details, actor, cancellationToken);
        this.Success(Id is null ? $"{setting.Name} added. Record its contract, if the council has one." : $"{setting.Name} saved. The next matching run uses these details.");
        return Redirect(links.DirectorySetting(setting.Id));
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Id is { } id)
        {
            Existing = await db.Settings.AsNoTracking().Include(s => s.Provider).FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
                ?? throw new NotFoundException("Setting not found");
            Provider = Existing.Provider;
        }
        else
        {
            Provider = await db.Providers.AsNoTracking().FirstOrDefaultAsync(p => p.Id == ProviderId, cancellationToken)
                ?? throw new NotFoundException("Provider not found");
        }
    }

    /// <summary>A service error about a pair the page could not read one half of (ages, coordinates) would only repeat it.</summary>
    private static bool IsUnread(string field, HashSet<string> judged) =>
        (field is nameof(MinAge) && judged.Contains(nameof(MaxAge))) || (field is nameof(Latitude) && judged.Contains(nameof(Longitude)));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
