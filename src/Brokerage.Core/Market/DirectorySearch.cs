using Brokerage.Core.Auditing;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Market;

/// <param name="Text">Part of a setting's or provider's name, a URN, a CQC location ID or a postcode.</param>
/// <param name="FreePlacesOnly">Only settings with a place free today (places − filled − out of use).</param>
public sealed record DirectoryQuery(
    string? Text = null,
    PlacementType? Type = null,
    Registration? Registration = null,
    OfstedRating? Rating = null,
    ContractArrangement? Contract = null,
    bool? InCounty = null,
    bool FreePlacesOnly = false);

/// <summary>One setting as the directory lists it, with its places today.</summary>
public sealed record DirectoryRow(
    int SettingId,
    string Name,
    int ProviderId,
    string ProviderName,
    PlacementType Type,
    Registration Registration,
    string? OfstedUrn,
    OfstedRating? Rating,
    ContractArrangement Contract,
    string? FrameworkLot,
    string Postcode,
    string Locality,
    bool InCounty,
    int Places,
    int PlacesFilled,
    int PlacesOutOfUse)
{
    public int PlacesFree => Math.Max(0, Places - PlacesFilled - PlacesOutOfUse);
}

/// <summary>What commissioners read in the directory: the search, and each record's history from the audit trail.</summary>
public sealed class DirectorySearch(BrokerageDbContext db, TimeProvider time)
{
    public const int PageSize = 50;

    /// <summary>One page of the settings that fit, by name, and how many fit in all. Filtered and counted in the database.</summary>
    public async Task<(IReadOnlyList<DirectoryRow> Rows, int Total)> SearchAsync(DirectoryQuery query, int page, int pageSize = PageSize, CancellationToken cancellationToken = default)
    {
        var today = UkTime.Today(time);
        var settings = db.Settings.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim().ToLowerInvariant();
            var compact = text.Replace(" ", "", StringComparison.Ordinal);
            settings = settings.Where(s => s.Name.ToLower().Contains(text) || s.Provider.Name.ToLower().Contains(text)
                || (s.OfstedUrn != null && s.OfstedUrn.ToLower() == compact) || (s.CqcLocationId != null && s.CqcLocationId == compact)
                || s.Postcode.ToLower().Replace(" ", "").StartsWith(compact));
        }

        if (query.Type is { } type)
        {
            settings = settings.Where(s => s.Type == type);
        }

        if (query.Registration is { } registration)
        {
            settings = settings.Where(s => s.Registration == registration);
        }

        if (query.Rating is { } rating)
        {
            settings = settings.Where(s => s.Rating == rating);
        }

        if (query.Contract is { } contract)
        {
            settings = settings.Where(s => s.Contract == contract);
        }

        if (query.InCounty is { } inCounty)
        {
            settings = settings.Where(s => s.InCounty == inCounty);
        }

        if (query.FreePlacesOnly)
        {
            settings = settings.Where(s => s.Places - s.PlacesFilled - (s.Unavailability.Where(u => u.From <= today && u.Until >= today).Sum(u => (int?)u.Places) ?? 0) > 0);
        }

        var total = await settings.CountAsync(cancellationToken);
        var found = await settings.OrderBy(s => s.Name).ThenBy(s => s.Id).Skip((Math.Max(1, page) - 1) * pageSize).Take(pageSize)
            .Select(s => new DirectoryRow(
                s.Id, s.Name, s.ProviderId, s.Provider.Name, s.Type, s.Registration, s.OfstedUrn, s.Rating, s.Contract, s.FrameworkLot, s.Postcode, s.Locality, s.InCounty,
                s.Places, s.PlacesFilled, s.Unavailability.Where(u => u.From <= today && u.Until >= today).Sum(u => (int?)u.Places) ?? 0))
            .ToListAsync(cancellationToken);
        return (found, total);
    }

    /// <summary>Who changed what on a record, and when, newest first.</summary>
    public async Task<IReadOnlyList<AuditEvent>> HistoryAsync(string entityType, int id, CancellationToken cancellationToken = default) =>
        await db.AuditEvents.AsNoTracking().Where(a => a.EntityType == entityType && a.EntityId == id)
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id).Take(200).ToListAsync(cancellationToken);
}
