using System.Text.Json.Serialization;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Council;

/// <summary>
/// rules/gazetteer.json: the localities a child's home can be in, each with a postcode district
/// and a centroid (never a street: a child's address does not enter Brokerage), in the council's
/// area or beyond it. Distances for matching are measured from these centroids.
/// </summary>
public sealed record Gazetteer(string Description, IReadOnlyList<Locality> Localities)
{
    public const string File = "gazetteer.json";

    [JsonIgnore]
    public IReadOnlyList<Locality> InCounty => [.. Localities.Where(l => l.InCounty)];

    [JsonIgnore]
    public IReadOnlyList<Locality> OutOfCounty => [.. Localities.Where(l => !l.InCounty)];

    public Locality? Find(string? name) =>
        Localities.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));

    public static Gazetteer Read(string text)
    {
        var gazetteer = RuleFileJson.Read<Gazetteer>(File, text);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var locality in gazetteer.Localities)
        {
            if (string.IsNullOrWhiteSpace(locality.Name) || locality.Name != locality.Name.Trim())
            {
                throw new RuleFileException(File, locality.Name, "every locality needs a name, without spaces around it");
            }

            if (!names.Add(locality.Name))
            {
                throw new RuleFileException(File, locality.Name, "the name is used twice");
            }

            if (string.IsNullOrWhiteSpace(locality.PostcodeDistrict))
            {
                throw new RuleFileException(File, locality.Name, "postcodeDistrict is empty");
            }

            if (locality.Latitude is < -90 or > 90 || locality.Longitude is < -180 or > 180)
            {
                throw new RuleFileException(File, locality.Name, "latitude must be between -90 and 90 and longitude between -180 and 180");
            }
        }

        if (!gazetteer.Localities.Any(l => l.InCounty))
        {
            throw new RuleFileException(File, null, "at least one locality must be in the county (inCounty true)");
        }

        return gazetteer;
    }
}

/// <param name="InCounty">In the council's own area: placements there are in-county.</param>
public sealed record Locality(string Name, string PostcodeDistrict, double Latitude, double Longitude, bool InCounty);
