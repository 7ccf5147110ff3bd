using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Market;

/// <summary>
/// Every change to the market: providers, settings, their contracts, framework lots and places
/// out of use. Registration, rating, contracts and prices are the council's facts, changed only by
/// commissioners; a provider keeps its contacts and its places out of use current. Each change is
/// checked whole (every error at once, nothing written) and audited against its record, with the
/// fields before and after.
/// </summary>
public sealed class DirectoryService(BrokerageDbContext db, TimeProvider time)
{
    /// <summary>A new provider's answered share until Brokerage has seen it answer referrals.</summary>
    public const double NewProviderResponseRate = 0.75;

    /// <summary>A new setting's stability until placements there have been seen to last.</summary>
    public const double NewSettingStabilityRate = 0.7;

    // ----- Providers -----

    public static FieldErrors CheckProvider(ProviderDetails details)
    {
        var errors = new FieldErrors()
            .Required(nameof(details.Name), "the provider's name", details.Name)
            .MaxLength(nameof(details.Name), "the provider's name", details.Name, 200);
        if (!string.IsNullOrWhiteSpace(details.CompanyNumber) && DirectoryRules.CompanyNumber(details.CompanyNumber) is null)
        {
            errors.Add(nameof(details.CompanyNumber), "The company number must be 8 characters, like 01234567 or SC123456");
        }

        if (!string.IsNullOrWhiteSpace(details.CharityNumber) && DirectoryRules.CharityNumber(details.CharityNumber) is null)
        {
            errors.Add(nameof(details.CharityNumber), "The charity number must be 6 to 8 digits, like 1123456");
        }

        return CheckContacts(errors, new ProviderContacts
        {
            ReferralEmail = details.ReferralEmail,
            EscalationEmail = details.EscalationEmail,
            EscalationContactName = details.EscalationContactName,
            EscalationPhone = details.EscalationPhone,
        });
    }

    public static FieldErrors CheckContacts(FieldErrors errors, ProviderContacts contacts)
    {
        Email(errors, nameof(contacts.ReferralEmail), "the referral mailbox", contacts.ReferralEmail);
        Email(errors, nameof(contacts.EscalationEmail), "the escalation contact's email address", contacts.EscalationEmail);
        errors.MaxLength(nameof(contacts.EscalationContactName), "the escalation contact's name", contacts.EscalationContactName, FieldRules.NameMaxLength);
        if (!string.IsNullOrWhiteSpace(contacts.EscalationPhone) && !DirectoryRules.IsPhone(contacts.EscalationPhone))
        {
            errors.Add(nameof(contacts.EscalationPhone), "The escalation contact's telephone number must be a UK telephone number, like 01632 960 001");
        }

        return errors;
    }

    public async Task<Provider> AddProviderAsync(ProviderDetails details, DirectoryActor actor, CancellationToken cancellationToken = default)
    {
        CouncilOnly(actor);
        CheckProvider(details).ThrowIfAny();
        var provider = new Provider { Name = "", ReferralEmail = "", EscalationEmail = "", ResponseRate = NewProviderResponseRate };
        Apply(provider, details);
        db.Providers.Add(provider);
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.Audit(Now, actor.Name, "ProviderAdded", $"Added provider {provider.Name}", entityType: nameof(Provider), entityId: provider.Id, after: Lines(Describe(provider)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return provider;
    }

    public async Task<Provider> UpdateProviderAsync(int providerId, ProviderDetails details, DirectoryActor actor, CancellationToken cancellationToken = default)
    {
        CouncilOnly(actor);
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == providerId, cancellationToken) ?? throw new NotFoundException("Provider not found");
        CheckProvider(details).ThrowIfAny();
        var before = Describe(provider);
        Apply(provider, details);
        await SaveChangeAsync(actor, "ProviderChanged", provider.Name, nameof(Provider), provider.Id, before, Describe(provider), cancellationToken);
        return provider;
    }

    /// <summary>A provider's own contacts, changed by the provider or the council.</summary>
    public async Task<Provider> UpdateContactsAsync(int providerId, ProviderContacts contacts, DirectoryActor actor, CancellationToken cancellationToken = default)
    {
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == providerId && (actor.ProviderId == null || p.Id == actor.ProviderId), cancellationToken)
            ?? throw new NotFoundException("Provider not found");
        CheckContacts(new FieldErrors(), contacts).ThrowIfAny();
        var before = Describe(provider);
        provider.ReferralEmail = contacts.ReferralEmail!.Trim();
        provider.EscalationEmail = contacts.EscalationEmail!.Trim();
        provider.EscalationContactName = Trimmed(contacts.EscalationContactName);
        provider.EscalationPhone = Trimmed(contacts.EscalationPhone);
        await SaveChangeAsync(actor, "ProviderContactsChanged", provider.Name, nameof(Provider), provider.Id, before, Describe(provider), cancellationToken);
        return provider;
    }

    // ----- Settings -----

    /// <summary>Every error in a setting's details, including a URN or CQC location ID already held by another setting.</summary>
    public async Task<FieldErrors> CheckSettingAsync(SettingDetails details, int providerId, int? settingId, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors()
            .Required(nameof(details.Name), "the setting's name", details.Name)
            .MaxLength(nameof(details.Name), "the setting's name", details.Name, 200)
            .MaxLength(nameof(details.Address), "the address", details.Address, 200)
            .Required(nameof(details.Locality), "the town or village", details.Locality)
            .MaxLength(nameof(details.Locality), "the town or village", details.Locality, FieldRules.NameMaxLength)
            .WeeklyCost(nameof(details.WeeklyRate), "the weekly rate", details.WeeklyRate);
        if (details.Type is null)
        {
            errors.Add(nameof(details.Type), "Select the type of setting");
        }

        CheckRegistration(errors, details);
        if (string.IsNullOrWhiteSpace(details.Postcode))
        {
            errors.Add(nameof(details.Postcode), FieldRules.Required("the postcode"));
        }
        else if (DirectoryRules.Postcode(details.Postcode) is null)
        {
            errors.Add(nameof(details.Postcode), "Enter a real UK postcode, like AM1 2BC");
        }

        if (details.Latitude is null || details.Longitude is null)
        {
            errors.Add(details.Latitude is null ? nameof(details.Latitude) : nameof(details.Longitude), FieldRules.Required("the latitude and longitude"));
        }
        else if (!DirectoryRules.InUk(details.Latitude.Value, details.Longitude.Value))
        {
            errors.Add(nameof(details.Latitude), $"The latitude and longitude must be in the UK: latitude between {DirectoryRules.MinLatitude} and {DirectoryRules.MaxLatitude}, longitude between {DirectoryRules.MinLongitude} and {DirectoryRules.MaxLongitude}");
        }

        CheckPlaces(errors, details);
        CheckAges(errors, details.MinAge, details.MaxAge);
        if (!errors.Has(nameof(details.OfstedUrn)) && DirectoryRules.Urn(details.OfstedUrn) is { } urn)
        {
            var holders = await db.Settings.AsNoTracking().Where(s => s.OfstedUrn == urn && s.Id != settingId)
                .Select(s => new { s.Name, s.ProviderId, s.Type, Provider = s.Provider.Name }).ToListAsync(cancellationToken);
            // A fostering agency's households share the agency's one registration.
            if (holders.FirstOrDefault(h => !(h.ProviderId == providerId && h.Type == PlacementType.Fostering && details.Type == PlacementType.Fostering)) is { } holder)
            {
                errors.Add(nameof(details.OfstedUrn), $"Ofsted URN {urn} is already recorded for {holder.Name} ({holder.Provider})");
            }
        }

        if (settingId is { } id && details.Type is { } type && await db.SettingContracts.AsNoTracking()
                .Where(c => c.SettingId == id && c.Lot != null && c.Lot.PlacementType != type && (c.EndsOn == null || c.EndsOn >= Today))
                .Select(c => c.Lot!.Name + " (" + c.Lot.Framework + ")").FirstOrDefaultAsync(cancellationToken) is { } lot)
        {
            errors.Add(nameof(details.Type), $"The setting has a framework contract on the lot {lot}, which buys another type of placement. End that contract first");
        }

        if (!errors.Has(nameof(details.CqcLocationId)) && DirectoryRules.CqcLocationId(details.CqcLocationId) is { } cqc
            && await db.Settings.AsNoTracking().Where(s => s.CqcLocationId == cqc && s.Id != settingId).Select(s => s.Name + " (" + s.Provider.Name + ")").FirstOrDefaultAsync(cancellationToken) is { } cqcHolder)
        {
            errors.Add(nameof(details.CqcLocationId), $"CQC location ID {cqc} is already recorded for {cqcHolder}");
        }

        return errors;
    }

    public async Task<Setting> AddSettingAsync(int providerId, SettingDetails details, DirectoryActor actor, CancellationToken cancellationToken = default)
    {
        CouncilOnly(actor);
        // Writers run one at a time: no one records the same URN between the check and the save.
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var provider = await db.Providers.FirstOrDefaultAsync(p => p.Id == providerId, cancellationToken) ?? throw new NotFoundException("Provider not found");
        (await CheckSettingAsync(details, providerId, null, cancellationToken)).ThrowIfAny();
        var setting = new Setting { Name = "", Postcode = "", Locality = "", StabilityRate = NewSettingStabilityRate, Contract = ContractArrangement.Spot };
        Apply(setting, details);
        setting.PlacesFilled = details.PlacesFilled ?? 0;
        provider.Settings.Add(setting);
        await db.SaveChangesAsync(cancellationToken);
        db.Audit(Now, actor.Name, "SettingAdded", $"Added setting {setting.Name} for {provider.Name}", entityType: nameof(Setting), entityId: setting.Id, after: Lines(Describe(setting)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return setting;
    }

    public async Task<Setting> UpdateSettingAsync(int settingId, SettingDetails details, DirectoryActor actor, CancellationToken cancellationToken = default)
    {
        CouncilOnly(actor);
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var setting = await db.Settings.FirstOrDefaultAsync(s => s.Id == settingId, cancellationToken) ?? throw new NotFoundException("Setting not found");
        // Places filled move with placements: an unchanged figure keeps the saved one (which the
        // places are checked against), and a correction counts from the figure the commissioner saw.
        if (details.PlacesFilledSeen is null && details.PlacesFilled is { } given && given != setting.PlacesFilled)
        {
            throw ValidationFailedException.For(nameof(details.PlacesFilledSeen),
                $"Give the number of places filled you are correcting from, as well as the new one, so that a placement confirmed meanwhile is not overwritten. {setting.Name} has {Display.Count(setting.PlacesFilled, "place")} filled now");
        }

        var seen = details.PlacesFilledSeen ?? setting.PlacesFilled;
        var corrected = details.PlacesFilled is { } filled && filled != seen ? filled : (int?)null;
        (await CheckSettingAsync(details with { PlacesFilled = corrected ?? setting.PlacesFilled }, setting.ProviderId, settingId, cancellationToken)).ThrowIfAny();
        var before = Describe(setting);
        Apply(setting, details);
        if (corrected is { } correction)
        {
            db.Entry(setting).Property(s => s.PlacesFilled).OriginalValue = seen;
            setting.PlacesFilled = correction;
        }

        await SaveChangeAsync(actor, "SettingChanged", setting.Name, nameof(Setting), setting.Id, before, Describe(setting), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return setting;
    }

    // ----- Contracts -----

    public async Task<FieldErrors> CheckContractAsync(int settingId, int? contractId, ContractDetails details, CancellationToken cancellationToken = default)
    {
        var setting = await db.Settings.AsNoTracking().Include(s => s.Contracts).FirstOrDefaultAsync(s => s.Id == settingId, cancellationToken)
            ?? throw new NotFoundException("Setting not found");
        var errors = new FieldErrors();
        switch (details.Arrangement)
        {
            case null:
                errors.Add(nameof(details.Arrangement), "Select the kind of contract");
                break;
            case ContractArrangement.Spot:
                errors.Add(nameof(details.Arrangement), "Spot purchase needs no contract: a setting without a contract in force is bought spot");
                break;
            case ContractArrangement.Framework:
                var lot = details.FrameworkLotId is { } lotId ? await db.FrameworkLots.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lotId, cancellationToken) : null;
                if (lot is null)
                {
                    errors.Add(nameof(details.FrameworkLotId), "Select the framework lot");
                }
                else if (lot.PlacementType != setting.Type)
                {
                    errors.Add(nameof(details.FrameworkLotId), $"The lot {lot.Name} ({lot.Framework}) is for {Display.PlacementType(lot.PlacementType).ToLowerInvariant()}, not {Display.PlacementType(setting.Type).ToLowerInvariant()}");
                }

                errors.WeeklyCost(nameof(details.AgreedWeeklyPrice), "the agreed weekly price", details.AgreedWeeklyPrice);
                break;
            case ContractArrangement.BlockContract:
                if (details.ReservedPlaces is not { } reserved)
                {
                    errors.Add(nameof(details.ReservedPlaces), FieldRules.Required("the number of places reserved"));
                }
                else if (reserved < 1 || reserved > setting.Places)
                {
                    errors.Add(nameof(details.ReservedPlaces), $"The number of places reserved must be between 1 and the setting's {setting.Places}");
                }

                errors.WeeklyCost(nameof(details.AgreedWeeklyPrice), "the agreed weekly price", details.AgreedWeeklyPrice);
                break;
        }

        if (details.StartsOn is not { } startsOn)
        {
            errors.Add(nameof(details.StartsOn), FieldRules.Required("the start date"));
            return errors;
        }

        if (details.EndsOn is { } endsOn && endsOn < startsOn)
        {
            errors.Add(nameof(details.EndsOn), "The end date must be the same as or after the start date");
            return errors;
        }

        if (setting.Contracts.Find(c => c.Id != contractId && c.Overlaps(startsOn, details.EndsOn)) is { } overlapping)
        {
            errors.Add(nameof(details.StartsOn), $"These dates overlap the {Display.Contract(overlapping.Arrangement).ToLowerInvariant()} contract {Period(overlapping.StartsOn, overlapping.EndsOn)}. Change its end date first, or choose dates after it");
        }

        return errors;
    }

    public async Task<SettingContract> AddContractAsync(int settingId, ContractDetails details, DirectoryActor actor, CancellationToken cancellationToken = default)
    {
        CouncilOnly(actor);
        // Writers take turns, so no other contract can be saved between the overlap check and this one.
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        (await CheckContractAsync(settingId, null, details, cancellationToken)).ThrowIfAny();
        var setting = await SettingWithContractsAsync(settingId, cancellationToken);
        var contract = new SettingContract();
        Apply(contract, details);
        setting.Contracts.Add(contract);
        await SaveContractChangeAsync(setting, actor, "ContractAdded", $"Added a {Display.Contract(contract.Arrangement).ToLowerInvariant()} contract for {setting.Name}", null, contract, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return contract;
    }

    public async Task<SettingContract> UpdateContractAsync(int settingId, int contractId, ContractDetails details, DirectoryActor actor, CancellationToken cancellationToken = default)
    {
        CouncilOnly(actor);
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var setting = await SettingWithContractsAsync(settingId, cancellationToken);
        var contract = setting.Contracts.Find(c => c.Id == contractId) ?? throw new NotFoundException("Contract not found");
        (await CheckContractAsync(settingId, contractId, details, cancellationToken)).ThrowIfAny();
        var before = Describe(contract);
        Apply(contract, details);
        await SaveContractChangeAsync(setting, actor, "ContractChanged", $"Changed the {Display.Contract(contract.Arrangement).ToLowerInvariant()} contract for {setting.Name}", before, contract, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return contract;
    }

    /// <summary>
    /// Removes a contract entered by mistake. A contract that has come to an end should be given its
    /// end date instead, so the directory keeps it as history; placements made under any contract
    /// keep their own copy of its arrangement and lot, so removing one changes no placement.
    /// </summary>
    public async Task RemoveContractAsync(int settingId, int contractId, DirectoryActor actor, CancellationToken cancellationToken = default)
    {
        CouncilOnly(actor);
        var setting = await SettingWithContractsAsync(settingId, cancellationToken);
        var contract = setting.Contracts.Find(c => c.Id == contractId) ?? throw new NotFoundException("Contract not found");
        var before = Describe(contract);
        setting.Contracts.Remove(contract);
        db.SettingContracts.Remove(contract);
        await SaveContractChangeAsync(setting, actor, "ContractRemoved", $"Removed the {Display.Contract(contract.Arrangement).ToLowerInvariant()} contract {Period(contract.StartsOn, contract.EndsOn)} for {setting.Name}", before, null, cancellationToken);
    }

    // ----- Framework lots -----

    public async Task<FieldErrors> CheckLotAsync(int? lotId, LotDetails details, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors()
            .Required(nameof(details.Framework), "the framework", details.Framework)
            .MaxLength(nameof(details.Framework), "the framework", details.Framework, 200)
            .Required(nameof(details.Name), "the lot's name", details.Name)
            .MaxLength(nameof(details.Name), "the lot's name", details.Name, 200)
            .MaxLength(nameof(details.Description), "the description", details.Description);
        if (details.PlacementType is null)
        {
            errors.Add(nameof(details.PlacementType), "Select the type of placement the lot buys");
        }

        if (!errors.Any)
        {
            var framework = details.Framework!.Trim();
            var name = details.Name!.Trim();
            if (await db.FrameworkLots.AnyAsync(l => l.Id != lotId && l.Framework == framework && l.Name == name, cancellationToken))
            {
                errors.Add(nameof(details.Name), $"The {framework} framework already has a lot called {name}");
            }
            else if (lotId is { } id && await db.SettingContracts.AnyAsync(c => c.FrameworkLotId == id && c.Setting.Type != details.PlacementType, cancellationToken))
            {
                errors.Add(nameof(details.PlacementType), "Settings of another type have contracts on this lot, so its type cannot change");
            }
        }

        return errors;
    }

    public async Task<FrameworkLot> SaveLotAsync(int? lotId, LotDetails details, DirectoryActor actor, CancellationToken cancellationToken = default)
    {
        CouncilOnly(actor);
        // Writers run one at a time: the check and the save see the same lots.
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var lot = lotId is { } id
            ? await db.FrameworkLots.FirstOrDefaultAsync(l => l.Id == id, cancellationToken) ?? throw new NotFoundException("Framework lot not found")
            : new FrameworkLot { Framework = "", Name = "" };
        (await CheckLotAsync(lotId, details, cancellationToken)).ThrowIfAny();
        var before = lotId is null ? null : Describe(lot);
        lot.Framework = details.Framework!.Trim();
        lot.Name = details.Name!.Trim();
        lot.PlacementType = details.PlacementType!.Value;
        lot.Description = Trimmed(details.Description);
        if (lotId is null)
        {
            db.FrameworkLots.Add(lot);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (lotId is null || Lines(before!) != Lines(Describe(lot)))
        {
            db.Audit(Now, actor.Name, lotId is null ? "FrameworkLotAdded" : "FrameworkLotChanged", $"{(lotId is null ? "Added" : "Changed")} framework lot {lot.Name} ({lot.Framework})",
                entityType: nameof(FrameworkLot), entityId: lot.Id, before: before is null ? null : Lines(before), after: Lines(Describe(lot)));
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return lot;
    }

    // ----- Places out of use -----

    public async Task<FieldErrors> CheckUnavailableAsync(int settingId, UnavailableDetails details, DirectoryActor actor, CancellationToken cancellationToken = default)
    {
        var setting = await OwnSettingAsync(settingId, actor, cancellationToken);
        var errors = new FieldErrors();
        if (details.Places is not { } places)
        {
            errors.Add(nameof(details.Places), FieldRules.Required("the number of places out of use"));
        }
        else if (places < 1 || places > setting.Places)
        {
            errors.Add(nameof(details.Places), $"The number of places out of use must be between 1 and the setting's {setting.Places}");
        }

        if (details.Reason is null)
        {
            errors.Add(nameof(details.Reason), "Select why the places are out of use");
        }
        else if (details.Reason == UnavailableReason.Other)
        {
            errors.Required(nameof(details.Detail), "why the places are out of use", details.Detail);
        }

        errors.MaxLength(nameof(details.Detail), "the reason", details.Detail);
        if (details.From is null)
        {
            errors.Add(nameof(details.From), FieldRules.Required("the first day the places are out of use"));
        }

        if (details.Until is not { } until)
        {
            errors.Add(nameof(details.Until), FieldRules.Required("the last day the places are out of use"));
        }
        else if (details.From is { } from && until < from)
        {
            errors.Add(nameof(details.Until), "The last day must be the same as or after the first day");
        }
        else if (until < UkTime.Today(time))
        {
            errors.Add(nameof(details.Until), "The last day must be today or later");
        }

        return errors;
    }

    public async Task<PlaceUnavailability> RecordUnavailableAsync(int settingId, UnavailableDetails details, DirectoryActor actor, CancellationToken cancellationToken = default)
    {
        (await CheckUnavailableAsync(settingId, details, actor, cancellationToken)).ThrowIfAny();
        var setting = await OwnSettingAsync(settingId, actor, cancellationToken);
        var entry = new PlaceUnavailability
        {
            SettingId = setting.Id,
            Places = details.Places!.Value,
            Reason = details.Reason!.Value,
            Detail = Trimmed(details.Detail),
            From = details.From!.Value,
            Until = details.Until!.Value,
            RecordedAt = Now,
            RecordedBy = actor.Name,
        };
        db.PlaceUnavailabilities.Add(entry);
        db.Audit(Now, actor.Name, "PlacesOutOfUse", $"{Display.Count(entry.Places, "place")} at {setting.Name} out of use {Period(entry.From, entry.Until)}: {Display.UnavailableReason(entry.Reason)}{(entry.Detail is null ? "" : " – " + entry.Detail)}",
            entityType: nameof(Setting), entityId: setting.Id);
        await db.SaveChangesAsync(cancellationToken);
        return entry;
    }

    /// <summary>Brings places back into use today (or removes a record that had not started).</summary>
    public async Task EndUnavailableAsync(int settingId, int unavailabilityId, DirectoryActor actor, CancellationToken cancellationToken = default)
    {
        var setting = await OwnSettingAsync(settingId, actor, cancellationToken);
        var entry = await db.PlaceUnavailabilities.FirstOrDefaultAsync(u => u.Id == unavailabilityId && u.SettingId == setting.Id, cancellationToken)
            ?? throw new NotFoundException("Record of places out of use not found");
        var today = UkTime.Today(time);
        if (entry.Until < today)
        {
            throw new ConflictException("These places are already back in use");
        }

        var before = Period(entry.From, entry.Until);
        // Places planned to go out of use later were never out: the plan is cancelled, not ended.
        var cancelled = entry.From > today;
        if (entry.From >= today)
        {
            db.PlaceUnavailabilities.Remove(entry);
        }
        else
        {
            entry.Until = today.AddDays(-1);
        }

        db.Audit(Now, actor.Name, cancelled ? "PlacesOutOfUseCancelled" : "PlacesBackInUse", cancelled
                ? $"Cancelled {Display.Count(entry.Places, "place")} at {setting.Name} planned to be out of use {before}"
                : $"{Display.Count(entry.Places, "place")} at {setting.Name} back in use from {UkTime.Format(today)}",
            entityType: nameof(Setting), entityId: setting.Id, before: "Out of use " + before, after: "In use");
        await db.SaveChangesAsync(cancellationToken);
    }

    // ----- Helpers -----

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    private DateOnly Today => UkTime.Today(time);

    private static void CouncilOnly(DirectoryActor actor)
    {
        if (actor.IsProvider)
        {
            throw new ForbiddenException("Only the council's commissioners can change registration, rating, contracts and prices");
        }
    }

    private async Task<Setting> OwnSettingAsync(int settingId, DirectoryActor actor, CancellationToken cancellationToken) =>
        await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Id == settingId && (actor.ProviderId == null || s.ProviderId == actor.ProviderId), cancellationToken)
            ?? throw new NotFoundException("Setting not found");

    private async Task<Setting> SettingWithContractsAsync(int settingId, CancellationToken cancellationToken) =>
        await db.Settings.Include(s => s.Contracts).ThenInclude(c => c.Lot).FirstOrDefaultAsync(s => s.Id == settingId, cancellationToken)
            ?? throw new NotFoundException("Setting not found");

    private async Task SaveContractChangeAsync(Setting setting, DirectoryActor actor, string action, string summary, IReadOnlyList<(string, string?)>? before, SettingContract? contract, CancellationToken cancellationToken)
    {
        if (contract is not null && contract.FrameworkLotId is { } lotId && contract.Lot?.Id != lotId)
        {
            contract.Lot = await db.FrameworkLots.FirstAsync(l => l.Id == lotId, cancellationToken);
        }

        setting.KeepArrangement(UkTime.Today(time));
        db.Audit(Now, actor.Name, action, summary, entityType: nameof(Setting), entityId: setting.Id,
            before: before is null ? null : Lines(before), after: contract is null ? null : Lines(Describe(contract)));
        await SaveOrConflictAsync(setting.Name, cancellationToken);
    }

    /// <summary>Saves a change with its audit event, or nothing when no field changed.</summary>
    private async Task SaveChangeAsync(DirectoryActor actor, string action, string name, string entityType, int entityId, IReadOnlyList<(string Field, string? Value)> before, IReadOnlyList<(string Field, string? Value)> after, CancellationToken cancellationToken)
    {
        var changed = before.Zip(after).Where(p => p.First.Value != p.Second.Value).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        db.Audit(Now, actor.Name, action, $"Changed {name}: {string.Join(", ", changed.Select(c => c.First.Field.ToLowerInvariant()))}", entityType: entityType, entityId: entityId,
            before: Lines(changed.Select(c => c.First)), after: Lines(changed.Select(c => c.Second)));
        await SaveOrConflictAsync(name, cancellationToken);
    }

    /// <summary>Saves, turning a placement that filled a place at the setting meanwhile into a conflict.</summary>
    private async Task SaveOrConflictAsync(string settingName, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException($"A placement filled a place at {settingName} while you were making this change. Check the places filled and try again");
        }
    }

    private void CheckRegistration(FieldErrors errors, SettingDetails details)
    {
        if (details.Registration is not { } registration)
        {
            errors.Add(nameof(details.Registration), "Select the registration");
            return;
        }

        if (details.Type is { } type && !DirectoryRules.RegistrationsFor(type).Contains(registration))
        {
            errors.Add(nameof(details.Registration), $"{Display.PlacementType(type)} cannot have the registration {Display.Registration(registration)}. Choose one of: {string.Join(", ", DirectoryRules.RegistrationsFor(type).Select(Display.Registration))}");
        }

        var ofsted = DirectoryRules.IsOfsted(registration);
        if (ofsted && string.IsNullOrWhiteSpace(details.OfstedUrn))
        {
            errors.Add(nameof(details.OfstedUrn), FieldRules.Required("the Ofsted URN"));
        }
        else if (!string.IsNullOrWhiteSpace(details.OfstedUrn) && DirectoryRules.Urn(details.OfstedUrn) is null)
        {
            errors.Add(nameof(details.OfstedUrn), "The Ofsted URN must be SC followed by 6 digits, or 6 or 7 digits, like SC123456 or 2654321");
        }

        if (registration == Registration.Cqc && string.IsNullOrWhiteSpace(details.CqcLocationId))
        {
            errors.Add(nameof(details.CqcLocationId), FieldRules.Required("the CQC location ID"));
        }
        else if (!string.IsNullOrWhiteSpace(details.CqcLocationId) && DirectoryRules.CqcLocationId(details.CqcLocationId) is null)
        {
            errors.Add(nameof(details.CqcLocationId), "The CQC location ID must be 1- followed by 9 to 11 digits, like 1-123456789");
        }

        if (!Setting.IsRegistered(registration) && (details.RegisteredFrom is not null || details.RegistrationEndsOn is not null))
        {
            errors.Add(nameof(details.RegisteredFrom), $"{Display.Registration(registration)} provision has no registration dates. Leave them empty");
        }
        else if (details.RegisteredFrom is { } from && details.RegistrationEndsOn is { } ends && ends <= from)
        {
            errors.Add(nameof(details.RegistrationEndsOn), "The date the registration ends must be after the date it started");
        }

        if (!ofsted && details.Rating is not null)
        {
            errors.Add(nameof(details.Rating), "Only Ofsted-registered settings have an Ofsted rating");
        }
        else if (ofsted && details.Rating is null)
        {
            errors.Add(nameof(details.Rating), "Select the latest Ofsted rating, or Not yet inspected");
        }
        else if (details.Rating is { } rating && rating != OfstedRating.NotYetInspected && details.RatingDate is null)
        {
            errors.Add(nameof(details.RatingDate), FieldRules.Required("the date of the inspection"));
        }

        if (details.RatingDate is { } inspected && inspected > UkTime.Today(time))
        {
            errors.Add(nameof(details.RatingDate), "The date of the inspection must be today or in the past");
        }
    }

    private static void CheckPlaces(FieldErrors errors, SettingDetails details)
    {
        if (details.Places is not { } places)
        {
            errors.Add(nameof(details.Places), FieldRules.Required("the number of places"));
            return;
        }

        if (places < 1 || places > DirectoryRules.MaxPlaces)
        {
            errors.Add(nameof(details.Places), $"The number of places must be between 1 and {DirectoryRules.MaxPlaces}");
        }
        else if (details.PlacesFilled is { } filled && filled > places)
        {
            errors.Add(nameof(details.Places), $"The number of places cannot be fewer than the {Display.Count(filled, "place")} filled");
        }

        if (details.PlacesFilled is < 0)
        {
            errors.Add(nameof(details.PlacesFilled), "The number of places filled must be 0 or more");
        }
    }

    private static void CheckAges(FieldErrors errors, int? minAge, int? maxAge)
    {
        if (minAge is null || maxAge is null)
        {
            errors.Add(minAge is null ? "MinAge" : "MaxAge", FieldRules.Required(minAge is null ? "the youngest age" : "the oldest age"));
        }
        else if (minAge < 0 || maxAge > DirectoryRules.MaxAge)
        {
            errors.Add("MinAge", $"Ages must be between 0 and {DirectoryRules.MaxAge}");
        }
        else if (minAge > maxAge)
        {
            errors.Add("MinAge", "The youngest age must be the same as or less than the oldest age");
        }
    }

    private static void Email(FieldErrors errors, string field, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, FieldRules.Required(name));
        }
        else if (!DirectoryRules.IsEmail(value))
        {
            errors.Add(field, $"{FieldRules.Sentence(name)} must be an email address, like referrals@provider.org.uk");
        }
        else
        {
            errors.MaxLength(field, name, value, 200);
        }
    }

    private static void Apply(Provider provider, ProviderDetails details)
    {
        provider.Name = details.Name!.Trim();
        provider.CompanyNumber = DirectoryRules.CompanyNumber(details.CompanyNumber);
        provider.CharityNumber = DirectoryRules.CharityNumber(details.CharityNumber);
        provider.ReferralEmail = details.ReferralEmail!.Trim();
        provider.EscalationEmail = details.EscalationEmail!.Trim();
        provider.EscalationContactName = Trimmed(details.EscalationContactName);
        provider.EscalationPhone = Trimmed(details.EscalationPhone);
    }

    private static void Apply(Setting setting, SettingDetails details)
    {
        setting.Name = details.Name!.Trim();
        setting.Type = details.Type!.Value;
        setting.Registration = details.Registration!.Value;
        setting.OfstedUrn = DirectoryRules.Urn(details.OfstedUrn);
        setting.CqcLocationId = DirectoryRules.CqcLocationId(details.CqcLocationId);
        setting.RegisteredFrom = details.RegisteredFrom;
        setting.RegistrationEndsOn = details.RegistrationEndsOn;
        setting.Rating = details.Rating;
        setting.RatingDate = details.RatingDate;
        setting.Address = Trimmed(details.Address);
        setting.Postcode = DirectoryRules.Postcode(details.Postcode)!;
        setting.Locality = details.Locality!.Trim();
        setting.Latitude = details.Latitude!.Value;
        setting.Longitude = details.Longitude!.Value;
        setting.InCounty = details.InCounty;
        setting.Places = details.Places!.Value;
        setting.MinAge = details.MinAge!.Value;
        setting.MaxAge = details.MaxAge!.Value;
        setting.GendersAccepted = details.GendersAccepted;
        setting.Specialisms = details.Specialisms;
        setting.WeeklyRate = details.WeeklyRate!.Value;
    }

    private static void Apply(SettingContract contract, ContractDetails details)
    {
        var arrangement = details.Arrangement!.Value;
        contract.Arrangement = arrangement;
        contract.FrameworkLotId = arrangement == ContractArrangement.Framework ? details.FrameworkLotId : null;
        contract.ReservedPlaces = arrangement == ContractArrangement.BlockContract ? details.ReservedPlaces : null;
        contract.AgreedWeeklyPrice = arrangement == ContractArrangement.InHouse ? null : details.AgreedWeeklyPrice;
        contract.StartsOn = details.StartsOn!.Value;
        contract.EndsOn = details.EndsOn;
    }

    public static string Period(DateOnly from, DateOnly? until) =>
        until is { } end ? $"from {UkTime.Format(from)} to {UkTime.Format(end)}" : $"from {UkTime.Format(from)}, with no end date";

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Lines(IEnumerable<(string Field, string? Value)> fields) => string.Join("\n", fields.Select(f => $"{f.Field}: {f.Value ?? "–"}"));

    private static List<(string, string?)> Describe(Provider p) =>
    [
        ("Name", p.Name), ("Company number", p.CompanyNumber), ("Charity number", p.CharityNumber), ("Referral mailbox", p.ReferralEmail),
        ("Escalation email", p.EscalationEmail), ("Escalation contact", p.EscalationContactName), ("Escalation telephone", p.EscalationPhone),
    ];

    private static List<(string, string?)> Describe(Setting s) =>
    [
        ("Name", s.Name), ("Type", Display.PlacementType(s.Type)), ("Registration", Display.Registration(s.Registration)), ("Ofsted URN", s.OfstedUrn),
        ("CQC location ID", s.CqcLocationId), ("Registered from", Date(s.RegisteredFrom)), ("Registration ends on", Date(s.RegistrationEndsOn)),
        ("Rating", s.Rating is null ? null : Display.Rating(s.Rating)), ("Inspection date", Date(s.RatingDate)), ("Address", s.Address), ("Postcode", s.Postcode),
        ("Town or village", s.Locality), ("Location", DirectoryRules.Coordinates(s.Latitude, s.Longitude)), ("In county", s.InCounty ? "Yes" : "No"),
        ("Places", s.Places.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Places filled", s.PlacesFilled.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Ages", $"{s.MinAge} to {s.MaxAge}"), ("Genders", Display.Genders(s.GendersAccepted)), ("Needs it can meet", Display.NeedsList(s.Specialisms)), ("Weekly rate", Display.Money(s.WeeklyRate)),
    ];

    private static List<(string, string?)> Describe(SettingContract c) =>
    [
        ("Contract", Display.Contract(c.Arrangement)), ("Lot", c.Lot is null ? null : $"{c.Lot.Name} ({c.Lot.Framework})"),
        ("Places reserved", c.ReservedPlaces?.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Agreed weekly price", c.AgreedWeeklyPrice is { } price ? Display.Money(price) : null),
        ("Starts", UkTime.Format(c.StartsOn)), ("Ends", Date(c.EndsOn)),
    ];

    private static List<(string, string?)> Describe(FrameworkLot l) =>
        [("Framework", l.Framework), ("Lot", l.Name), ("Placement type", Display.PlacementType(l.PlacementType)), ("Description", l.Description)];

    private static string? Date(DateOnly? date) => date is { } d ? UkTime.Format(d) : null;
}
