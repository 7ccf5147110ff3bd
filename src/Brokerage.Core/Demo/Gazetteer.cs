namespace Brokerage.Core.Demo;

/// <summary>
/// Invented places for the demo county of Ambershire and a few places beyond it.
/// The names, postcode areas ("AM" in county, Q/X/Z areas outside) and centroids are
/// fictional, so demo data can never be mistaken for a real child's or provider's address.
/// </summary>
public static class Gazetteer
{
    public sealed record Locality(string Name, string PostcodeDistrict, double Latitude, double Longitude, bool InCounty);

    public static IReadOnlyList<Locality> All { get; } =
    [
        // In county: roughly 35 miles north to south and 30 miles east to west, so some
        // towns are more than 20 miles apart and the distance rules have something to do.
        new("Amberford", "AM1", 52.262, -1.248, true),
        new("Harrowfield Market", "AM2", 52.418, -1.392, true),
        new("Wexcombe", "AM3", 52.087, -1.512, true),
        new("Corlingham", "AM4", 52.336, -1.104, true),
        new("Stavenhoe", "AM5", 52.155, -1.021, true),
        new("Brindlecote", "AM6", 52.471, -1.185, true),
        new("Pellingford", "AM7", 52.208, -1.417, true),
        new("Saxtonbury", "AM8", 52.043, -1.276, true),
        new("Marrowby", "AM9", 52.379, -0.962, true),
        new("Eskerton", "AM10", 52.301, -1.556, true),
        new("Gilverdale", "AM11", 52.129, -1.338, true),
        new("Upper Tolbridge", "AM12", 52.452, -1.478, true),
        new("Fennick St Mary", "AM13", 52.019, -1.058, true),
        new("Hollinsby", "AM14", 52.236, -0.931, true),
        new("Quenbury", "AM15", 52.354, -1.297, true),
        new("Wrayfold", "AM16", 52.176, -1.167, true),

        // Out of county, from just over the border (about 27 miles from Amberford) to the far north (about 150).
        new("Castlebrook", "ZX4", 52.630, -1.020, false),
        new("Selbridge", "QS7", 51.790, -0.540, false),
        new("Norbeck Vale", "QN2", 52.860, -1.580, false),
        new("Westmere", "XW3", 52.040, -2.310, false),
        new("Holtmouth", "ZB9", 51.440, -2.120, false),
        new("Brackenridge", "QK5", 53.310, -1.920, false),
        new("Port Alvery", "XP1", 50.840, -1.330, false),
        new("Kirkholme", "ZK8", 54.460, -1.740, false),
    ];

    public static IReadOnlyList<Locality> InCounty { get; } = [.. All.Where(l => l.InCounty)];

    public static IReadOnlyList<Locality> OutOfCounty { get; } = [.. All.Where(l => !l.InCounty)];

    public static Locality? Find(string name) =>
        All.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase));
}
