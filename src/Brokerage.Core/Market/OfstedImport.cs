using System.Globalization;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Market;

/// <summary>One setting the import adds or changes, with what changes.</summary>
public sealed record ImportChange(int Row, string Urn, string Setting, string Provider, string Change);

/// <summary>A row the import leaves alone, and why.</summary>
public sealed record ImportSkip(int Row, string Urn, string Setting, string Reason);

/// <summary>What an import did, or would do when only checked.</summary>
public sealed record ImportResult(IReadOnlyList<ImportChange> Added, IReadOnlyList<ImportChange> Updated, IReadOnlyList<ImportSkip> Skipped, int Unchanged, bool Applied);

/// <summary>
/// Reads a CSV shaped like Ofsted's published list of social care providers and brings the
/// directory into line with it: settings are matched by URN and their name, registration status,
/// rating, postcode and places updated; a new URN under a provider already in the directory is
/// added. The whole file is checked first: one bad row and nothing is imported, with every bad row
/// named by row and column. Rows the directory cannot take (a provider not in the directory, a type
/// of provision Brokerage does not place with, a postcode outside the gazetteer) are skipped and listed.
/// </summary>
public sealed class OfstedImport(BrokerageDbContext db, DirectoryService directory, RuleSet rules, TimeProvider time)
{
    /// <summary>The field every problem with the file is reported against.</summary>
    public const string FileField = "File";

    public const int MaxBytes = 5_000_000;

    /// <summary>How many problems are listed before the rest are counted.</summary>
    public const int MaxListed = 100;

    public const string Urn = "URN";
    public const string SettingName = "Setting name";
    public const string ProviderName = "Provider name";
    public const string SettingType = "Setting type";
    public const string RegistrationStatus = "Registration status";
    public const string OverallRating = "Overall rating";
    public const string InspectionDate = "Inspection date";
    public const string Postcode = "Postcode";
    public const string Places = "Places";

    public static readonly IReadOnlyList<string> Columns = [Urn, SettingName, ProviderName, SettingType, RegistrationStatus, OverallRating, InspectionDate, Postcode, Places];

    private sealed record Row(int Number, string Urn, string Name, string Provider, PlacementType? Type, string TypeText, bool Active, OfstedRating Rating, DateOnly? RatingDate, string Postcode, int? Places);

    /// <param name="apply">False to check the file and say what would change, writing nothing.</param>
    public async Task<ImportResult> ImportAsync(string csv, DirectoryActor actor, bool apply, CancellationToken cancellationToken = default)
    {
        if (actor.IsProvider)
        {
            throw new ForbiddenException("Only the council's commissioners can import Ofsted's list");
        }

        var problems = new List<CsvProblem>();
        var rows = Parse(csv, problems);
        Refuse(problems);

        var today = UkTime.Today(time);
        var urns = rows.Select(r => r.Urn).ToList();
        var existing = (await db.Settings.AsNoTracking().Include(s => s.Provider).Where(s => s.OfstedUrn != null && urns.Contains(s.OfstedUrn)).ToListAsync(cancellationToken))
            .ToLookup(s => s.OfstedUrn!);
        var providers = (await db.Providers.AsNoTracking().ToListAsync(cancellationToken)).ToLookup(p => p.Name.Trim().ToLowerInvariant());
        var rates = (await db.Settings.AsNoTracking().Select(s => new { s.Type, s.WeeklyRate }).ToListAsync(cancellationToken))
            .GroupBy(s => s.Type).ToDictionary(g => g.Key, g => g.Select(s => s.WeeklyRate).ToList());

        var added = new List<(ImportChange Change, int ProviderId, SettingDetails Details)>();
        var updated = new List<(ImportChange Change, int SettingId, SettingDetails Details)>();
        var skipped = new List<ImportSkip>();
        var unchanged = 0;
        foreach (var row in rows)
        {
            if (row.Type is not { } type)
            {
                skipped.Add(new ImportSkip(row.Number, row.Urn, row.Name, $"{row.TypeText}: not a kind of provision Brokerage places children with"));
                continue;
            }

            var matches = existing[row.Urn].ToList();
            if (matches.Count == 0)
            {
                if (AddFor(row, type, providers, rates, today, skipped) is { } add)
                {
                    var errors = await directory.CheckSettingAsync(add.Details, add.ProviderId, null, cancellationToken);
                    problems.AddRange(errors.Select(e => Problem(row, e)));
                    added.Add((new ImportChange(row.Number, row.Urn, row.Name, add.ProviderName, "Added"), add.ProviderId, add.Details));
                }

                continue;
            }

            if (matches.Find(s => s.Type != type) is { } other)
            {
                problems.Add(new CsvProblem(row.Number, SettingType, $"URN {row.Urn} is {other.Name}, recorded as {Display.PlacementType(other.Type).ToLowerInvariant()}, not {row.TypeText}"));
                continue;
            }

            if (matches.Find(s => !DirectoryRules.IsOfsted(s.Registration)) is { } unregistered)
            {
                skipped.Add(new ImportSkip(row.Number, row.Urn, unregistered.Name, $"Recorded as {Display.Registration(unregistered.Registration).ToLowerInvariant()}, not Ofsted-registered, so Ofsted's list does not decide its registration: check it by hand"));
                continue;
            }

            // A fostering agency's households share its registration: only the registration and rating are the agency's.
            var agency = matches.Count > 1 || type == PlacementType.Fostering;
            foreach (var setting in matches)
            {
                var before = SettingDetails.Of(setting);
                var after = Merge(before, row, agency, today);
                var changes = Changes(before, after);
                if (changes.Count == 0)
                {
                    unchanged++;
                    continue;
                }

                var errors = await directory.CheckSettingAsync(after, setting.ProviderId, setting.Id, cancellationToken);
                problems.AddRange(errors.Select(e => Problem(row, e)));
                // Places filled are never Ofsted's to say: left out, the count saved when the change is applied stands.
                updated.Add((new ImportChange(row.Number, row.Urn, setting.Name, setting.Provider.Name, string.Join("; ", changes)), setting.Id, after with { PlacesFilled = null }));
            }
        }

        Refuse(problems);
        var result = new ImportResult([.. added.Select(a => a.Change)], [.. updated.Select(u => u.Change)], skipped, unchanged, apply);
        if (!apply || (added.Count == 0 && updated.Count == 0))
        {
            return result;
        }

        // One transaction: the directory service's saves join it, so a failure part-way leaves the directory as it was.
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        foreach (var (_, providerId, details) in added)
        {
            await directory.AddSettingAsync(providerId, details, actor, cancellationToken);
        }

        foreach (var (_, settingId, details) in updated)
        {
            await directory.UpdateSettingAsync(settingId, details, actor, cancellationToken);
        }

        db.Audit(time.GetUtcNow().UtcDateTime, actor.Name, "OfstedListImported",
            $"Imported Ofsted's list of providers: {Display.Count(added.Count, "setting")} added, {Display.Count(updated.Count, "setting")} updated, {unchanged} unchanged, {Display.Count(skipped.Count, "row")} skipped");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private List<Row> Parse(string csv, List<CsvProblem> problems)
    {
        var rows = new List<Row>();
        if (csv.Length > MaxBytes)
        {
            problems.Add(new CsvProblem(1, null, $"The file is larger than {MaxBytes / 1_000_000} MB"));
            return rows;
        }

        var lines = CsvText.Lines(csv);
        if (lines.Count < 2)
        {
            problems.Add(new CsvProblem(1, null, "The file has no rows under its header"));
            return rows;
        }

        var header = CsvText.Fields(lines[0].Text).Select(h => h.Trim()).ToList();
        int Index(string column) => header.FindIndex(h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
        foreach (var missing in Columns.Where(c => Index(c) < 0))
        {
            problems.Add(new CsvProblem(1, missing, "This column is missing from the header"));
        }

        if (problems.Count > 0)
        {
            return rows;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (number, text) in lines.Skip(1))
        {
            var fields = CsvText.Fields(text);
            if (fields.Count != header.Count)
            {
                problems.Add(new CsvProblem(number, null, $"It has {fields.Count} values but the header has {header.Count}"));
                continue;
            }

            string Field(string column) => fields[Index(column)].Trim();
            var count = problems.Count;
            var urn = DirectoryRules.Urn(Field(Urn));
            if (urn is null)
            {
                problems.Add(new CsvProblem(number, Urn, $"\"{Field(Urn)}\" is not an Ofsted URN, like SC123456 or 2654321"));
            }
            else if (seen.TryGetValue(urn, out var first))
            {
                problems.Add(new CsvProblem(number, Urn, $"URN {urn} is also on row {first}"));
            }
            else
            {
                seen[urn] = number;
            }

            Required(number, SettingName, Field(SettingName), 200, problems);
            Required(number, ProviderName, Field(ProviderName), 200, problems);
            var typeText = Field(SettingType);
            var type = TypeOf(typeText);
            var status = Field(RegistrationStatus);
            bool? active = status.ToLowerInvariant() switch
            {
                "active" or "registered" => true,
                "cancelled" or "suspended" or "resigned" or "closed" or "refused" => false,
                _ => null,
            };
            if (active is null)
            {
                problems.Add(new CsvProblem(number, RegistrationStatus, $"\"{status}\" is not a registration status: use Active, Suspended, Cancelled or Resigned"));
            }

            var rating = RatingOf(Field(OverallRating));
            if (rating is null)
            {
                problems.Add(new CsvProblem(number, OverallRating, $"\"{Field(OverallRating)}\" is not an Ofsted rating: use Outstanding, Good, Requires improvement to be good, Inadequate or Not yet inspected"));
            }

            DateOnly? inspected = null;
            var dateText = Field(InspectionDate);
            if (dateText.Length > 0)
            {
                if (DateOnly.TryParseExact(dateText, ["dd/MM/yyyy", "d/M/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && FieldRules.IsPlausibleYear(date.Year))
                {
                    inspected = date;
                }
                else
                {
                    problems.Add(new CsvProblem(number, InspectionDate, $"\"{dateText}\" is not a date, like 14/03/2025"));
                }
            }
            else if (rating is not (null or OfstedRating.NotYetInspected))
            {
                problems.Add(new CsvProblem(number, InspectionDate, "Enter the date of the inspection that gave the rating"));
            }

            var postcode = DirectoryRules.Postcode(Field(Postcode));
            if (postcode is null)
            {
                problems.Add(new CsvProblem(number, Postcode, $"\"{Field(Postcode)}\" is not a UK postcode"));
            }

            int? places = null;
            var placesText = Field(Places);
            if (placesText.Length > 0)
            {
                if (int.TryParse(placesText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p <= DirectoryRules.MaxPlaces)
                {
                    // Ofsted lists 0 where it has no number recorded, as for a cancelled setting: the directory's figure stands.
                    places = p == 0 ? null : p;
                }
                else
                {
                    problems.Add(new CsvProblem(number, Places, $"\"{placesText}\" is not a number of places from 0 to {DirectoryRules.MaxPlaces}"));
                }
            }

            if (problems.Count == count)
            {
                rows.Add(new Row(number, urn!, Field(SettingName), Field(ProviderName), type, typeText, active!.Value, rating!.Value, inspected, postcode!, places));
            }
        }

        return rows;
    }

    private (int ProviderId, string ProviderName, SettingDetails Details)? AddFor(Row row, PlacementType type, ILookup<string, Provider> providers, Dictionary<PlacementType, List<decimal>> rates, DateOnly today, List<ImportSkip> skipped)
    {
        if (type == PlacementType.Fostering)
        {
            skipped.Add(new ImportSkip(row.Number, row.Urn, row.Name, "A fostering agency's households are added one by one in the directory"));
            return null;
        }

        if (row.Places is null)
        {
            skipped.Add(new ImportSkip(row.Number, row.Urn, row.Name, "Ofsted's list gives no number of places: add it by hand in the directory"));
            return null;
        }

        if (providers[row.Provider.ToLowerInvariant()].FirstOrDefault() is not { } provider)
        {
            skipped.Add(new ImportSkip(row.Number, row.Urn, row.Name, $"{row.Provider} is not in the directory: add it, with its referral mailbox, to import its settings"));
            return null;
        }

        var district = row.Postcode.Split(' ')[0];
        if (rules.Gazetteer.Localities.FirstOrDefault(l => string.Equals(l.PostcodeDistrict, district, StringComparison.OrdinalIgnoreCase)) is not { } locality)
        {
            skipped.Add(new ImportSkip(row.Number, row.Urn, row.Name, $"Postcode district {district} is not in the gazetteer, so the setting cannot be placed on the map: add it by hand with its latitude and longitude"));
            return null;
        }

        var (minAge, maxAge) = type switch
        {
            PlacementType.ChildrensHome => (8, 17),
            _ => (16, 17),
        };
        return (provider.Id, provider.Name, new SettingDetails
        {
            Name = row.Name,
            Type = type,
            Registration = RegistrationFor(type),
            OfstedUrn = row.Urn,
            RegistrationEndsOn = row.Active ? null : today,
            Rating = row.Rating,
            RatingDate = row.RatingDate,
            Postcode = row.Postcode,
            Locality = locality.Name,
            Latitude = locality.Latitude,
            Longitude = locality.Longitude,
            InCounty = locality.InCounty,
            Places = row.Places,
            PlacesFilled = 0,
            MinAge = minAge,
            MaxAge = maxAge,
            GendersAccepted = GendersAccepted.Any,
            // Ofsted publishes no prices: a new setting starts at the middle rate for its type until a commissioner records its own.
            WeeklyRate = rates.TryGetValue(type, out var known) && known.Count > 0 ? known.Order().ElementAt(known.Count / 2) : FieldRules.WeeklyCostMinimum,
        });
    }

    private SettingDetails Merge(SettingDetails before, Row row, bool agency, DateOnly today)
    {
        var after = before with
        {
            RegistrationEndsOn = row.Active ? null : before.RegistrationEndsOn ?? today,
            Rating = row.Rating,
            RatingDate = row.RatingDate ?? before.RatingDate,
        };
        if (agency)
        {
            return after;
        }

        after = after with { Name = row.Name, Places = row.Places ?? before.Places };
        if (!string.Equals(row.Postcode, before.Postcode, StringComparison.Ordinal))
        {
            after = after with { Postcode = row.Postcode };
            // A setting that moved is put at its new district's centre, when the gazetteer knows it.
            if (rules.Gazetteer.Localities.FirstOrDefault(l => string.Equals(l.PostcodeDistrict, row.Postcode.Split(' ')[0], StringComparison.OrdinalIgnoreCase)) is { } locality)
            {
                after = after with { Locality = locality.Name, Latitude = locality.Latitude, Longitude = locality.Longitude, InCounty = locality.InCounty };
            }
        }

        return after;
    }

    private static List<string> Changes(SettingDetails before, SettingDetails after)
    {
        var changes = new List<string>();
        void Compare<T>(string name, T old, T @new, Func<T, string> show)
        {
            if (!EqualityComparer<T>.Default.Equals(old, @new))
            {
                changes.Add($"{name}: {show(old)} → {show(@new)}");
            }
        }

        static string Date(DateOnly? d) => d is { } x ? UkTime.Format(x) : "none";
        Compare("name", before.Name, after.Name, v => v ?? "");
        Compare("registration ends", before.RegistrationEndsOn, after.RegistrationEndsOn, Date);
        Compare("rating", before.Rating, after.Rating, r => Display.Rating(r));
        Compare("inspection date", before.RatingDate, after.RatingDate, Date);
        Compare("postcode", before.Postcode, after.Postcode, v => v ?? "");
        Compare("places", before.Places, after.Places, v => v?.ToString(CultureInfo.InvariantCulture) ?? "");
        return changes;
    }

    private static CsvProblem Problem(Row row, FieldError error) => new(row.Number, error.Field switch
    {
        nameof(SettingDetails.Name) => SettingName,
        nameof(SettingDetails.OfstedUrn) => Urn,
        nameof(SettingDetails.Postcode) => Postcode,
        nameof(SettingDetails.Places) => Places,
        nameof(SettingDetails.Rating) => OverallRating,
        nameof(SettingDetails.RatingDate) => InspectionDate,
        _ => null,
    }, error.Message);

    /// <summary>Stops the import with every problem found, as errors against the file; nothing has been written.</summary>
    private static void Refuse(List<CsvProblem> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var errors = new FieldErrors().Add(FileField, $"The file has {Display.Count(problems.Count, "problem")}, so nothing has been imported. Correct {(problems.Count == 1 ? "it" : "them")} and upload the file again");
        foreach (var problem in problems.OrderBy(p => p.Row).Take(MaxListed))
        {
            errors.Add(FileField, problem.ToString());
        }

        if (problems.Count > MaxListed)
        {
            errors.Add(FileField, $"…and {problems.Count - MaxListed} more");
        }

        errors.ThrowIfAny();
    }

    private static void Required(int row, string column, string value, int maxLength, List<CsvProblem> problems)
    {
        if (value.Length == 0)
        {
            problems.Add(new CsvProblem(row, column, "This is empty"));
        }
        else if (value.Length > maxLength)
        {
            problems.Add(new CsvProblem(row, column, $"Must be {maxLength} characters or fewer"));
        }
    }

    private static PlacementType? TypeOf(string text) => text.ToLowerInvariant().Replace("'", "", StringComparison.Ordinal) switch
    {
        "childrens home" => PlacementType.ChildrensHome,
        "independent fostering agency" or "local authority fostering agency" or "fostering agency" => PlacementType.Fostering,
        "supported accommodation" or "supported accommodation undertaking" => PlacementType.SupportedAccommodation,
        _ => null,
    };

    private static Registration RegistrationFor(PlacementType type) => type switch
    {
        PlacementType.ChildrensHome => Registration.OfstedChildrensHome,
        PlacementType.Fostering => Registration.OfstedFosteringAgency,
        _ => Registration.OfstedSupportedAccommodation,
    };

    private static OfstedRating? RatingOf(string text) => text.ToLowerInvariant() switch
    {
        "outstanding" => OfstedRating.Outstanding,
        "good" => OfstedRating.Good,
        "requires improvement to be good" or "requires improvement" => OfstedRating.RequiresImprovement,
        "inadequate" => OfstedRating.Inadequate,
        "not yet inspected" or "" => OfstedRating.NotYetInspected,
        _ => null,
    };
}
