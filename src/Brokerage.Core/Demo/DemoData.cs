using System.Globalization;
using System.Numerics;
using Brokerage.Core.Council;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;
using static Brokerage.Core.Domain.ContractArrangement;
using static Brokerage.Core.Domain.OfstedRating;
using static Brokerage.Core.Domain.PlacementType;
using static Brokerage.Core.Domain.Registration;

namespace Brokerage.Core.Demo;

/// <summary>
/// A fictional but plausible placements market and caseload for Ambershire, for demos, training
/// and manual testing. Every organisation, place, URN, email address and child is invented.
/// </summary>
public static partial class DemoData
{
    public const string CouncilProviderName = "Ambershire County Council Fostering and Residential Service";
    private const string CreatedBy = "broker@ambershire.example";

    // A fixed seed makes every demo database the same market, so training notes, screenshots and
    // bug reports that mention "Willow House" or "PR-1007" mean the same thing on every machine.
    private const int Seed = 20261123;

    /// <summary>The places come from the gazetteer and each request's urgency from the urgency bands, so the demo follows the rule files.</summary>
    public static async Task SeedAsync(BrokerageDbContext db, RuleSet rules, TimeProvider time, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(time);

        if (await db.Providers.AnyAsync(ct))
        {
            return;
        }

        var random = new Random(Seed);
        // The market is drawn first so that it never depends on the clock; only the open
        // requests are placed relative to "now", because their urgency is about how soon they are needed.
        var market = BuildMarket(random, rules.Gazetteer);
        AddContracts(market);
        AddPlacesOutOfUse(market, time.GetUtcNow().UtcDateTime);
        AddRegulatorDetails(market);
        // One transaction, which the directory service's own saves join: the demo is seeded whole or
        // not at all, and in one commit rather than one for each of the market's records.
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        await EnterMarketAsync(new DirectoryService(db, time), db, market, ct);
        db.PlacementRequests.AddRange(BuildRequests(random, rules, time.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Who enters the demo market: the commissioning team keeps the directory, the fostering team its own places.</summary>
    private const string Commissioner = "commissioner@ambershire.example";
    private const string FosteringTeam = "fostering.team@ambershire.example";

    /// <summary>
    /// Enters the drawn market as a council would, through the directory service the pages and API
    /// use: every provider, setting, lot, contract and place out of use is checked by the same rules
    /// and has its history from the day it was entered. Providers get their ids in the order drawn,
    /// so provider 1 is always the council's own service. Only the figures Brokerage learns from
    /// experience, how often a provider answers and how often its placements last, are set directly.
    /// </summary>
    private static async Task EnterMarketAsync(DirectoryService directory, BrokerageDbContext db, List<Provider> market, CancellationToken ct)
    {
        var commissioner = DirectoryActor.Council(Commissioner);
        var lots = new Dictionary<FrameworkLot, int>();
        foreach (var lot in market.SelectMany(p => p.Settings).SelectMany(s => s.Contracts).Select(c => c.Lot).OfType<FrameworkLot>().Distinct())
        {
            lots[lot] = (await directory.SaveLotAsync(null, new LotDetails { Framework = lot.Framework, Name = lot.Name, PlacementType = lot.PlacementType }, commissioner, ct)).Id;
        }

        foreach (var drawn in market)
        {
            var provider = await directory.AddProviderAsync(new ProviderDetails { Name = drawn.Name, ReferralEmail = drawn.ReferralEmail, EscalationEmail = drawn.EscalationEmail }, commissioner, ct);
            provider.ResponseRate = drawn.ResponseRate;
            foreach (var setting in drawn.Settings)
            {
                var entered = await directory.AddSettingAsync(provider.Id, SettingDetails.Of(setting), commissioner, ct);
                entered.StabilityRate = setting.StabilityRate;
                foreach (var contract in setting.Contracts)
                {
                    await directory.AddContractAsync(entered.Id, new ContractDetails
                    {
                        Arrangement = contract.Arrangement,
                        FrameworkLotId = contract.Lot is { } lot ? lots[lot] : null,
                        ReservedPlaces = contract.ReservedPlaces,
                        AgreedWeeklyPrice = contract.AgreedWeeklyPrice,
                        StartsOn = contract.StartsOn,
                        EndsOn = contract.EndsOn,
                    }, commissioner, ct);
                }

                foreach (var unavailable in setting.Unavailability)
                {
                    await directory.RecordUnavailableAsync(entered.Id, new UnavailableDetails
                    {
                        Places = unavailable.Places, Reason = unavailable.Reason, From = unavailable.From, Until = unavailable.Until,
                    }, DirectoryActor.Council(FosteringTeam), ct);
                }
            }

            await db.SaveChangesAsync(ct);
            // Each save looks over everything tracked: letting the entered providers go keeps seeding linear.
            db.ChangeTracker.Clear();
        }
    }

    // ----- The market: providers and their settings -----

    private enum Reach
    {
        InCounty,
        Regional,
        Distant,
    }

    /// <summary>A group of one provider's settings that share a type, contract and registration.</summary>
    private sealed record Line(
        PlacementType Type,
        int Count,
        ContractArrangement Contract,
        string? Lot = null,
        Registration? Registration = null,
        OfstedRating? Rating = null);

    /// <summary>Brand names fostering households, e.g. "Ambershire Fostering – Hartley carers"; defaults to Name.</summary>
    private sealed record ProviderProfile(string Name, string Domain, Reach Reach, double ResponseRate, Line[] Lines, string? Brand = null);

    /// <summary>Lot names from the council's frameworks (DESIGN §3.2).</summary>
    private static class Lots
    {
        public const string IfaStandard = "Standard";
        public const string IfaSpecialist = "Specialist";
        public const string HomesStandard = "Standard";
        public const string HomesSemh = "Specialist SEMH";
        public const string HomesDisability = "Specialist disability and complex health";
        public const string SemiSupported = "Semi-supported (24-hour staffing)";
        public const string SemiIndependent = "Semi-independent";
    }

    // Ofsted rates a fostering agency, not its households, so a fostering line carries the agency's rating.
    private static readonly ProviderProfile[] Providers =
    [
        new(CouncilProviderName, "inhouse.ambershire", Reach.InCounty, 0.96,
            [
                new(Fostering, 28, InHouse, Rating: Good),
                new(Fostering, 1, InHouse, Registration: Unregulated),
                new(ChildrensHome, 4, InHouse),
                new(SupportedAccommodation, 2, InHouse),
            ],
            Brand: "Ambershire Fostering"),

        // Independent fostering agencies
        new("Brightwater Fostering", "brightwater", Reach.Regional, 0.91,
            [new(Fostering, 3, Framework, Lots.IfaStandard, Rating: Outstanding), new(Fostering, 1, Framework, Lots.IfaSpecialist, Rating: Outstanding)]),
        new("Hearthstone Family Placements", "hearthstone", Reach.InCounty, 0.88, [new(Fostering, 4, Framework, Lots.IfaStandard, Rating: Good)]),
        new("Meadowlark Fostering", "meadowlark", Reach.Regional, 0.82, [new(Fostering, 3, Framework, Lots.IfaSpecialist, Rating: Good)]),
        new("Kestrel Foster Care", "kestrelfostercare", Reach.Distant, 0.54, [new(Fostering, 3, Spot, Rating: RequiresImprovement)]),
        new("Lanternlight Fostering", "lanternlight", Reach.Regional, 0.77, [new(Fostering, 3, Framework, Lots.IfaStandard, Rating: Good)]),
        new("Riverbend Family Care", "riverbend", Reach.Regional, 0.69,
            [new(Fostering, 2, Framework, Lots.IfaStandard, Rating: Good), new(Fostering, 2, Spot, Rating: Good)]),
        new("Tallowfield Fostering", "tallowfield", Reach.Distant, 0.63, [new(Fostering, 3, Spot, Rating: Outstanding)]),
        new("Swiftwing Fostering", "swiftwing", Reach.Regional, 0.86, [new(Fostering, 3, Framework, Lots.IfaSpecialist, Rating: Good)]),
        new("Harbourside Foster Families", "harbourside", Reach.Distant, 0.38, [new(Fostering, 3, Spot, Rating: Inadequate)]),
        new("Greenacre Fostering Partnership", "greenacre", Reach.InCounty, 0.93, [new(Fostering, 4, Framework, Lots.IfaStandard, Rating: Good)]),
        new("Copperbeech Fostering", "copperbeech", Reach.Regional, 0.72, [new(Fostering, 3, Framework, Lots.IfaStandard, Rating: NotYetInspected)]),
        new("Bluebell Lane Fostering", "bluebelllane", Reach.Regional, 0.66, [new(Fostering, 3, Spot, Rating: Good)]),
        new("Northfold Fostering", "northfold", Reach.Distant, 0.58, [new(Fostering, 3, Framework, Lots.IfaStandard, Rating: RequiresImprovement)]),

        // Children's homes
        new("Oakleaf Care Homes Ltd", "oakleafcare", Reach.InCounty, 0.9,
            [new(ChildrensHome, 3, BlockContract), new(ChildrensHome, 2, Framework, Lots.HomesStandard)]),
        new("Willowmere Children's Services", "willowmere", Reach.Regional, 0.84, [new(ChildrensHome, 4, Framework, Lots.HomesSemh)]),
        new("Northstar Residential Care", "northstarcare", Reach.Regional, 0.79,
            [new(ChildrensHome, 3, Framework, Lots.HomesStandard), new(SupportedAccommodation, 2, Framework, Lots.SemiSupported)]),
        new("Cedarline Care Group", "cedarline", Reach.Distant, 0.61, [new(ChildrensHome, 4, Spot)]),
        new("Foxglove Homes for Children", "foxglovehomes", Reach.Regional, 0.87, [new(ChildrensHome, 3, Framework, Lots.HomesDisability)]),
        new("Amberlight Care", "amberlightcare", Reach.InCounty, 0.95, [new(ChildrensHome, 2, BlockContract)]),
        new("Stonebridge Children's Homes", "stonebridgehomes", Reach.Regional, 0.74,
            [new(ChildrensHome, 2, Framework, Lots.HomesStandard), new(ChildrensHome, 2, Spot)]),
        new("Heronsgate Residential", "heronsgate", Reach.Distant, 0.47, [new(ChildrensHome, 3, Spot)]),
        new("Thistledown Care", "thistledowncare", Reach.Regional, 0.68,
            [new(ChildrensHome, 2, Framework, Lots.HomesSemh), new(ChildrensHome, 1, Spot, Rating: Inadequate)]),
        new("Larkrise Children's Services", "larkrise", Reach.InCounty, 0.85, [new(ChildrensHome, 3, Framework, Lots.HomesStandard)]),
        new("Quillon Care", "quilloncare", Reach.Distant, 0.52, [new(ChildrensHome, 2, Spot)]),
        new("Rowan Tree Children's Homes", "rowantreehomes", Reach.Regional, 0.81, [new(ChildrensHome, 3, Framework, Lots.HomesStandard)]),
        new("Solace Bespoke Care Ltd", "solacebespoke", Reach.Regional, 0.44, [new(ChildrensHome, 3, Spot, Registration: Unregistered)]),
        new("Marlstone Therapeutic Care", "marlstone", Reach.Distant, 0.73,
            [new(ChildrensHome, 2, Framework, Lots.HomesSemh), new(ChildrensHome, 1, Spot)]),

        // Supported accommodation for 16 and 17 year olds
        new("Launchpad Young People's Housing", "launchpadhousing", Reach.InCounty, 0.89, [new(SupportedAccommodation, 3, BlockContract)]),
        new("Kitecourt Supported Living", "kitecourt", Reach.Regional, 0.57, [new(SupportedAccommodation, 3, Spot, Registration: Unregulated)]),
        new("Pathwright Housing for Young People", "pathwright", Reach.Regional, 0.8, [new(SupportedAccommodation, 3, Framework, Lots.SemiSupported)]),
        new("Nestfield Supported Accommodation", "nestfield", Reach.InCounty, 0.83, [new(SupportedAccommodation, 3, Framework, Lots.SemiIndependent)]),
        new("Fairhaven Youth Housing", "fairhavenyouth", Reach.Distant, 0.35, [new(SupportedAccommodation, 2, Spot, Registration: Unregistered)]),
        new("Bridgeway Futures", "bridgewayfutures", Reach.Regional, 0.71,
            [new(SupportedAccommodation, 2, Framework, Lots.SemiIndependent), new(SupportedAccommodation, 1, Spot)]),
        new("Lodestar Youth Support", "lodestaryouth", Reach.Regional, 0.76, [new(SupportedAccommodation, 3, Framework, Lots.SemiSupported)]),
        new("Tidewell Youth Housing", "tidewell", Reach.Distant, 0.49, [new(SupportedAccommodation, 3, Spot)]),
        new("Greystone Supported Living", "greystoneliving", Reach.InCounty, 0.92, [new(SupportedAccommodation, 2, BlockContract)]),
        new("Junction Youth Housing", "junctionyouth", Reach.Regional, 0.67, [new(SupportedAccommodation, 3, Framework, Lots.SemiIndependent)]),

        // CQC-registered care homes that take young people from 16 (DESIGN §3.3)
        new("Marigold Court Care", "marigoldcourt", Reach.Regional, 0.74, [new(CareHome, 2, Spot)]),
        new("Silverbirch Specialist Care", "silverbirch", Reach.Distant, 0.62, [new(CareHome, 2, Spot)]),
        new("Lindenhurst Care Ltd", "lindenhurst", Reach.InCounty, 0.86, [new(CareHome, 2, Spot)]),
        new("Brookhaven Specialist Care", "brookhavencare", Reach.Distant, 0.55, [new(CareHome, 2, Spot)]),
        new("Ashgrove Complex Care", "ashgrovecare", Reach.Regional, 0.7, [new(CareHome, 2, Spot)]),
        new("Juniper Lodge Care", "juniperlodge", Reach.Distant, 0.6, [new(CareHome, 2, Spot)]),
    ];

    private static List<Provider> BuildMarket(Random random, Gazetteer gazetteer)
    {
        var names = new UniqueNames(random);
        var providers = new List<Provider>();
        for (var i = 0; i < Providers.Length; i++)
        {
            var profile = Providers[i];
            var provider = new Provider
            {
                Name = profile.Name,
                ReferralEmail = $"referrals@{profile.Domain}.example",
                EscalationEmail = $"manager@{profile.Domain}.example",
                ResponseRate = profile.ResponseRate,
            };

            // Ofsted registers a fostering agency once, so its households share the agency's URN.
            var agencyUrn = profile.Lines.Any(l => l.Type == Fostering) ? names.Urn() : null;
            foreach (var line in profile.Lines)
            {
                for (var n = 0; n < line.Count; n++)
                {
                    provider.Settings.Add(BuildSetting(random, names, profile, line, agencyUrn, gazetteer));
                }
            }

            providers.Add(provider);
        }

        return providers;
    }

    private static Setting BuildSetting(Random random, UniqueNames names, ProviderProfile profile, Line line, string? agencyUrn, Gazetteer gazetteer)
    {
        var registration = line.Registration ?? RegistrationFor(line.Type);
        var isOfsted = registration is OfstedChildrensHome or OfstedFosteringAgency or OfstedSupportedAccommodation;
        var name = SettingName(names, profile, line.Type, registration);
        var locality = PickLocality(random, profile.Reach, gazetteer);
        var places = PlacesFor(random, line, registration);
        var (minAge, maxAge) = AgesFor(random, line.Type, registration);
        var specialisms = SpecialismsFor(random, line, registration);

        return new Setting
        {
            Name = name,
            Type = line.Type,
            OfstedUrn = !isOfsted ? null : line.Type == Fostering ? agencyUrn : names.Urn(),
            Registration = registration,
            Rating = isOfsted ? line.Rating ?? RatingFor(random, registration) : null,
            Contract = line.Contract,
            FrameworkLot = line.Lot,
            Postcode = Postcode(random, locality),
            Locality = locality.Name,
            Latitude = Jitter(random, locality.Latitude),
            Longitude = Jitter(random, locality.Longitude),
            InCounty = locality.InCounty,
            Places = places,
            PlacesFilled = PlacesFilledFor(random, line, registration, places),
            MinAge = minAge,
            MaxAge = maxAge,
            GendersAccepted = GendersFor(random, line.Type),
            Specialisms = specialisms,
            WeeklyRate = RateFor(random, line, registration, specialisms),
            StabilityRate = Math.Round(0.5 + (random.NextDouble() * 0.45), 2),
        };
    }

    /// <summary>The frameworks the demo council has let, by the placement type they buy.</summary>
    private static string FrameworkFor(PlacementType type) => type switch
    {
        Fostering => "Independent fostering agencies 2024 to 2028",
        ChildrensHome => "Children's homes 2024 to 2028",
        _ => "Supported accommodation for 16 and 17 year olds 2024 to 2028",
    };

    // The council's frameworks run April 2024 to March 2028; its block contracts three years from April 2024.
    private static readonly DateOnly FrameworkStart = new(2024, 4, 1);
    private static readonly DateOnly FrameworkEnd = new(2028, 3, 31);
    private static readonly DateOnly BlockEnd = new(2027, 3, 31);
    private static readonly DateOnly InHouseSince = new(2010, 4, 1);

    /// <summary>A dated contract for every setting not bought spot, with framework lots shared across providers.</summary>
    private static void AddContracts(List<Provider> market)
    {
        var lots = new Dictionary<(PlacementType, string), FrameworkLot>();
        foreach (var setting in market.SelectMany(p => p.Settings).Where(s => s.Contract != Spot))
        {
            FrameworkLot? lot = null;
            if (setting.Contract == Framework)
            {
                var key = (setting.Type, setting.FrameworkLot!);
                if (!lots.TryGetValue(key, out lot))
                {
                    lot = new FrameworkLot { Framework = FrameworkFor(setting.Type), Name = setting.FrameworkLot!, PlacementType = setting.Type };
                    lots.Add(key, lot);
                }
            }

            setting.Contracts.Add(new SettingContract
            {
                Arrangement = setting.Contract,
                Lot = lot,
                ReservedPlaces = setting.Contract == BlockContract ? setting.Places : null,
                AgreedWeeklyPrice = setting.Contract is Framework or BlockContract ? setting.WeeklyRate : null,
                StartsOn = setting.Contract == InHouse ? InHouseSince : FrameworkStart,
                EndsOn = setting.Contract switch { Framework => FrameworkEnd, BlockContract => BlockEnd, _ => null },
            });
        }
    }

    /// <summary>
    /// In-house foster places out of use, in about the proportion the sufficiency strategy reports
    /// (seed 004: 27% of the council's foster places not available, for a carer's holiday, a child
    /// about to move in, or to meet the needs of a child already there). Drawn from a random source of
    /// its own, so that the rest of the market is the same as before places out of use were recorded.
    /// </summary>
    private static void AddPlacesOutOfUse(List<Provider> market, DateTime nowUtc)
    {
        var random = new Random(Seed + 1);
        var today = DateOnly.FromDateTime(UkTime.ToLocal(nowUtc));
        var reasons = new[] { UnavailableReason.CarerRespite, UnavailableReason.AwaitingChildMovingIn, UnavailableReason.MatchingWithChildInPlace };
        var households = market[0].Settings.Where(s => s.Type == Fostering && s.Contract == InHouse && s.Registration != Unregulated);
        foreach (var household in households)
        {
            var free = household.Places - household.PlacesFilled;
            var outOfUse = Enumerable.Range(0, free).Count(_ => random.NextDouble() < 0.75);
            if (outOfUse > 0)
            {
                var reason = reasons[random.Next(reasons.Length)];
                household.Unavailability.Add(new PlaceUnavailability
                {
                    Places = outOfUse,
                    Reason = reason,
                    From = today.AddDays(-random.Next(1, 20)),
                    Until = today.AddDays(random.Next(7, 60)),
                    RecordedAt = nowUtc,
                    RecordedBy = "fostering.team@ambershire.example",
                });
            }
        }
    }

    private static readonly DateOnly EarliestInspection = new(2023, 9, 1);

    /// <summary>
    /// The date of each Ofsted rating's inspection (within the three years before the demo's
    /// autumn 2026), and each CQC-registered home's location ID. Drawn from a random source of their
    /// own, so that the rest of the market is the same as before they were recorded.
    /// </summary>
    private static void AddRegulatorDetails(List<Provider> market)
    {
        var random = new Random(Seed + 2);
        var locations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var setting in market.SelectMany(p => p.Settings))
        {
            if (setting.Rating is { } rating && rating != NotYetInspected)
            {
                setting.RatingDate = EarliestInspection.AddDays(random.Next(0, 1096));
            }

            if (setting.Registration == Cqc)
            {
                do
                {
                    setting.CqcLocationId = "1-" + random.NextInt64(1_000_000_000, 10_000_000_000).ToString(CultureInfo.InvariantCulture);
                }
                while (!locations.Add(setting.CqcLocationId));
            }
        }
    }

    private static Registration RegistrationFor(PlacementType type) => type switch
    {
        Fostering => OfstedFosteringAgency,
        ChildrensHome => OfstedChildrensHome,
        SupportedAccommodation => OfstedSupportedAccommodation,
        _ => Cqc,
    };

    private static string SettingName(UniqueNames names, ProviderProfile profile, PlacementType type, Registration registration)
    {
        var brand = profile.Brand ?? profile.Name;
        return type switch
        {
            Fostering when registration == Unregulated => names.FosteringHousehold(brand, "family (connected person, awaiting assessment)"),
            Fostering => names.FosteringHousehold(brand, "carers"),
            ChildrensHome => names.Building(HomeWords, ["House", "Lodge", "Cottage", "View", "Grange"]),
            SupportedAccommodation => names.Building(StreetWords, ["Court", "Place", "Mews", "Yard"]),
            _ => names.Building(HomeWords, ["Manor", "Gardens", "Court"]),
        };
    }

    private static Locality PickLocality(Random random, Reach reach, Gazetteer gazetteer)
    {
        var inCounty = reach switch
        {
            Reach.InCounty => true,
            Reach.Regional => random.NextDouble() < 0.7,
            _ => random.NextDouble() < 0.2,
        };
        var pool = inCounty ? gazetteer.InCounty : gazetteer.OutOfCounty;
        return pool[random.Next(pool.Count)];
    }

    private static int PlacesFor(Random random, Line line, Registration registration) => line.Type switch
    {
        Fostering => Pick(random, 1, 1, 2, 2, 3),
        ChildrensHome when registration == Unregistered => 1,
        ChildrensHome when line.Lot is Lots.HomesSemh or Lots.HomesDisability => random.Next(2, 5),
        ChildrensHome => random.Next(2, 7),
        SupportedAccommodation => random.Next(3, 7),
        _ => random.Next(2, 7),
    };

    private static int PlacesFilledFor(Random random, Line line, Registration registration, int places)
    {
        // A connected-person household exists for the one child it was arranged around: never a vacancy.
        if (line.Type == Fostering && registration == Unregulated)
        {
            return places;
        }

        // About 60% of settings have at least one free place.
        return random.NextDouble() < 0.6 ? random.Next(0, places) : places;
    }

    private static (int Min, int Max) AgesFor(Random random, PlacementType type, Registration registration) => type switch
    {
        Fostering => Pick(random, (0, 17), (0, 17), (0, 17), (0, 17), (0, 17), (0, 17), (0, 11), (5, 17)),
        ChildrensHome when registration == Unregistered => (11, 17),
        ChildrensHome => Pick(random, (8, 17), (11, 17)),
        // Supported accommodation is for 16 and 17 year olds; care homes take 16–25, but matching stops at 17.
        _ => (16, 17),
    };

    private static GendersAccepted GendersFor(Random random, PlacementType type) => type switch
    {
        Fostering => Pick(random, FosteringGenders),
        ChildrensHome => Pick(random, HomeGenders),
        SupportedAccommodation => Pick(random, HomeGenders),
        _ => GendersAccepted.Any,
    };

    private static Needs SpecialismsFor(Random random, Line line, Registration registration) => (line.Type, line.Lot) switch
    {
        (Fostering, Lots.IfaSpecialist) => AnyOf(random, FosteringSpecialistNeeds, 2, 4),
        (Fostering, _) => AnyOf(random, FosteringNeeds, 0, 2),
        (ChildrensHome, Lots.HomesSemh) => Needs.Semh | AnyOf(random, SemhNeeds, 1, 2),
        (ChildrensHome, Lots.HomesDisability) => Needs.ComplexDisability | Needs.ComplexHealth | AnyOf(random, [Needs.StepDownFromHospital, Needs.Trauma], 0, 1),
        (ChildrensHome, _) when registration == Unregistered => Needs.SoloOrDualPlacement | AnyOf(random, HomeNeeds, 1, 2),
        (ChildrensHome, _) => AnyOf(random, HomeNeeds, 1, 3),
        (SupportedAccommodation, Lots.SemiSupported) => AnyOf(random, SupportedNeeds, 1, 3),
        (SupportedAccommodation, _) => AnyOf(random, SupportedNeeds, 0, 2),
        _ => Needs.ComplexDisability | Needs.ComplexHealth | AnyOf(random, [Needs.StepDownFromHospital, Needs.MentalHealth], 0, 1),
    };

    private static decimal RateFor(Random random, Line line, Registration registration, Needs specialisms) => line switch
    {
        { Type: Fostering, Contract: InHouse } => Pounds(random, 450, 700),
        { Type: Fostering, Lot: Lots.IfaSpecialist } => Pounds(random, 1050, 1300),
        { Type: Fostering } => Pounds(random, 850, 1150),
        { Type: ChildrensHome } when IsSpecialistHome(line, registration, specialisms) => Pounds(random, 6500, 9500),
        { Type: ChildrensHome } => Pounds(random, 4000, 7500),
        { Type: SupportedAccommodation, Lot: Lots.SemiSupported } => Pounds(random, 1500, 2500),
        { Type: SupportedAccommodation, Lot: Lots.SemiIndependent } => Pounds(random, 900, 1600),
        { Type: SupportedAccommodation } => Pounds(random, 900, 2500),
        _ => Pounds(random, 3500, 6000),
    };

    private static bool IsSpecialistHome(Line line, Registration registration, Needs specialisms) =>
        line.Lot is Lots.HomesSemh or Lots.HomesDisability
        || registration == Unregistered
        || specialisms.HasFlag(Needs.ComplexDisability);

    private static OfstedRating RatingFor(Random random, Registration registration) =>
        // Ofsted only began inspecting supported accommodation in April 2024, so most services have no grade yet.
        registration == OfstedSupportedAccommodation
            ? Pick(random, NotYetInspected, NotYetInspected, NotYetInspected, Good, Good, Outstanding, RequiresImprovement)
            : Pick(random, Outstanding, Outstanding, Good, Good, Good, Good, Good, Good, RequiresImprovement, RequiresImprovement, Inadequate, NotYetInspected);

    private static readonly GendersAccepted[] FosteringGenders =
        [.. Enumerable.Repeat(GendersAccepted.Any, 10), GendersAccepted.Female, GendersAccepted.Male];

    private static readonly GendersAccepted[] HomeGenders =
        [.. Enumerable.Repeat(GendersAccepted.Any, 5), GendersAccepted.Female, GendersAccepted.Male];

    // Repeated entries are drawn more often.
    private static readonly Needs[] FosteringNeeds =
        [Needs.Trauma, Needs.SiblingGroup, Needs.SiblingGroup, Needs.ParentAndChild, Needs.SeparatedChild, Needs.Semh, Needs.ComplexHealth];

    private static readonly Needs[] FosteringSpecialistNeeds =
        [Needs.ParentAndChild, Needs.ParentAndChild, Needs.SiblingGroup, Needs.SeparatedChild, Needs.Trauma, Needs.Semh, Needs.ComplexDisability, Needs.ComplexHealth, Needs.MentalHealth];

    private static readonly Needs[] SemhNeeds =
        [Needs.Trauma, Needs.MentalHealth, Needs.CriminalExploitation, Needs.SexualExploitation, Needs.SoloOrDualPlacement];

    private static readonly Needs[] HomeNeeds =
        [Needs.Semh, Needs.Semh, Needs.CriminalExploitation, Needs.CriminalExploitation, Needs.Trauma, Needs.Trauma, Needs.ComplexDisability, Needs.ComplexDisability, Needs.SexualExploitation, Needs.MentalHealth, Needs.SoloOrDualPlacement];

    private static readonly Needs[] SupportedNeeds =
        [Needs.SeparatedChild, Needs.SeparatedChild, Needs.ReturningFromCustody, Needs.ReturningFromCustody, Needs.MentalHealth, Needs.CriminalExploitation];

    private static readonly string[] HomeWords =
    [
        "Willow", "Rowan", "Hazel", "Beech", "Alder", "Larch", "Elder", "Holly", "Ivy", "Heather", "Bramble", "Clover",
        "Meadow", "Brook", "Fern", "Wren", "Linnet", "Skylark", "Heron", "Otter", "Acorn", "Orchard", "Chestnut", "Hawthorn",
        "Sycamore", "Aspen", "Birch", "Maple", "Laurel", "Primrose", "Cowslip", "Kingfisher", "Sorrel", "Teasel", "Yarrow", "Damson",
    ];

    private static readonly string[] StreetWords =
    [
        "Foundry", "Tanners", "Granary", "Maltings", "Ropewalk", "Weavers", "Chandlers", "Wharf", "Station", "Mill", "Chapel",
        "Coopers", "Saddlers", "Lantern", "Quayside", "Brewery", "Printworks", "Tollgate",
    ];

    private static readonly string[] CarerSurnames =
    [
        "Hartley", "Okafor", "Patel", "Nowak", "Brennan", "Fairweather", "Ahmed", "Campbell", "Whitlock", "Mensah", "Rowe", "Kaur",
        "Osei", "Pritchard", "Haddad", "Morgan", "Chaudhry", "Doyle", "Ellison", "Fenwick", "Garside", "Holloway", "Iqbal", "Jarvis",
        "Kowalski", "Lambert", "McAllister", "O'Connell", "Pemberton", "Quayle", "Rahman", "Sutcliffe", "Thornton", "Underwood", "Varga", "Whitfield",
        "Yilmaz", "Zielinski", "Ashworth", "Baptiste", "Carrington", "Delaney", "Eastwood", "Forsyth", "Gallagher", "Hussain", "Ingram", "Jennings",
        "Kerr", "Lowther", "Mahmood", "Norris", "Ogunleye", "Pickering", "Radcliffe", "Shah", "Tennant", "Udeh", "Vickers", "Wainwright",
        "Akhtar", "Blackwood", "Costa", "Dunmore", "Evans", "Flint", "Greaves", "Hamid", "Ibrahim", "Jordan", "Kemp", "Lister",
        "Marsh", "Nolan", "Oduya", "Parr", "Reid", "Singh", "Tate", "Upton", "Vaughan", "Walsh", "Yates", "Adeyemi",
        "Barker", "Chen", "Dawson", "Ellis", "Fraser", "Goodwin", "Hale", "Islam", "Joyce", "Kirby",
    ];

    // ----- Open placement requests -----

    /// <summary>One open request; the urgency follows from the days of notice, as the rules file decides it.</summary>
    private sealed record RequestProfile(
        int NoticeDays,
        int HoursAgo,
        int Age,
        Gender Gender,
        string Ethnicity,
        LegalStatus LegalStatus,
        Needs Needs,
        string Home,
        PlacementType Type,
        int Budget,
        int MaxMiles,
        string Summary);

    private static readonly RequestProfile[] Requests =
    [
        // Crisis: needed the same day the notice came in.
        new(0, 2, 14, Gender.Male, "White British", LegalStatus.RemandToLocalAuthority, Needs.CriminalExploitation | Needs.Trauma,
            "Amberford", ChildrensHome, 6500, 20, "Remanded to local authority accommodation by the youth court this afternoon."),
        new(0, 4, 6, Gender.Female, "White and Black Caribbean", LegalStatus.EmergencyProtectionOrder, Needs.Trauma,
            "Wexcombe", Fostering, 1100, 20, "Emergency protection order granted this morning; a foster home is needed tonight."),
        new(0, 1, 16, Gender.Male, "Any other ethnic group", LegalStatus.Section20, Needs.SeparatedChild | Needs.Trauma,
            "Corlingham", SupportedAccommodation, 1800, 30, "Separated child who arrived in the county today and needs somewhere to stay tonight."),
        new(0, 3, 11, Gender.Female, "Pakistani", LegalStatus.Section20, Needs.MentalHealth,
            "Harrowfield Market", Fostering, 1200, 20, "Current arrangement with relatives ended today without notice."),
        new(0, 5, 15, Gender.Female, "White British", LegalStatus.PoliceProtection, Needs.SexualExploitation | Needs.MentalHealth,
            "Brindlecote", ChildrensHome, 7000, 30, "Taken into police protection; needs a residential home with experience of exploitation."),

        // Emergency: one to three days' notice.
        new(1, 6, 9, Gender.Male, "White Irish", LegalStatus.InterimCareOrder, Needs.SiblingGroup,
            "Pellingford", Fostering, 1300, 20, "Interim care order expected tomorrow; would ideally be placed with an older brother."),
        new(2, 9, 13, Gender.Male, "Caribbean", LegalStatus.Section20, Needs.Semh | Needs.Trauma,
            "Quenbury", ChildrensHome, 6000, 20, "Foster placement is ending after a notice period was agreed with the agency."),
        new(2, 20, 17, Gender.Male, "Any other Asian background", LegalStatus.Section20, Needs.SeparatedChild,
            "Amberford", SupportedAccommodation, 1600, 50, "Separated child transferring to the council under the national transfer scheme."),
        new(3, 12, 4, Gender.Female, "White British", LegalStatus.InterimCareOrder, Needs.Trauma,
            "Saxtonbury", Fostering, 950, 20, "Court hearing later this week is expected to grant an interim care order."),
        new(1, 3, 16, Gender.NonBinary, "White and Asian", LegalStatus.Section20, Needs.MentalHealth,
            "Eskerton", SupportedAccommodation, 2000, 20, "Discharged from a mental health ward tomorrow and cannot return home."),

        // Short notice: four to thirteen days.
        new(6, 30, 12, Gender.Male, "White British", LegalStatus.CareOrder, Needs.ComplexDisability | Needs.ComplexHealth,
            "Stavenhoe", ChildrensHome, 8500, 50, "Needs a home able to meet complex disability and health needs, with waking night staff."),
        new(9, 48, 2, Gender.Male, "Bangladeshi", LegalStatus.InterimCareOrder, Needs.SiblingGroup,
            "Marrowby", Fostering, 900, 20, "Needs a foster home with an older sister; the current carers are retiring."),
        new(5, 18, 15, Gender.Female, "Any other White background", LegalStatus.CareOrder, Needs.Semh | Needs.SoloOrDualPlacement,
            "Gilverdale", ChildrensHome, 7500, 30, "Needs a small home with no more than one other young person."),
        new(12, 72, 17, Gender.Male, "Any other Mixed background", LegalStatus.CareOrder, Needs.ReturningFromCustody,
            "Hollinsby", SupportedAccommodation, 1900, 20, "Due for release from a young offender institution; needs supported accommodation with staff on site."),
        new(7, 26, 16, Gender.Male, "Arab", LegalStatus.Section20, Needs.SeparatedChild | Needs.Trauma,
            "Upper Tolbridge", Fostering, 1150, 50, "Separated child currently in temporary accommodation who would like to live with a family."),

        // Planned: fourteen days or more.
        new(21, 96, 10, Gender.Female, "Indian", LegalStatus.CareOrder, Needs.Trauma,
            "Wrayfold", Fostering, 1000, 20, "Planned move from a short-term foster placement to a long-term family."),
        new(14, 40, 14, Gender.Male, "White and Black African", LegalStatus.CareOrder, Needs.CriminalExploitation | Needs.Semh,
            "Amberford", ChildrensHome, 6500, 30, "Planned move away from the local area to reduce the risk of exploitation."),
        new(28, 150, 17, Gender.Female, "Chinese", LegalStatus.CareOrder, Needs.MentalHealth,
            "Fennick St Mary", SupportedAccommodation, 1700, 20, "Planned move from foster care to semi-independent living before turning 18."),
        new(35, 200, 8, Gender.Male, "White British", LegalStatus.PlacementOrder, Needs.ComplexDisability,
            "Pellingford", Fostering, 1250, 20, "Needs a foster family while family finding continues under a placement order."),
        new(16, 60, 15, Gender.Male, "Any other Black background", LegalStatus.CareOrder, Needs.ReturningFromCustody | Needs.CriminalExploitation,
            "Corlingham", ChildrensHome, 7000, 50, "Returning from a secure children's home at the end of a sentence."),
    ];

    private static List<PlacementRequest> BuildRequests(Random random, RuleSet rules, DateTime nowUtc)
    {
        // Whole minutes keep the times shown on screen tidy.
        var now = new DateTime(nowUtc.Ticks - (nowUtc.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
        var childReferences = new UniqueNames(random);
        var requests = new List<PlacementRequest>();
        for (var i = 0; i < Requests.Length; i++)
        {
            requests.Add(BuildRequest(random, rules, childReferences, Requests[i], 1001 + i, now));
        }

        return requests;
    }

    private static PlacementRequest BuildRequest(Random random, RuleSet rules, UniqueNames childReferences, RequestProfile profile, int number, DateTime now)
    {
        var home = rules.Gazetteer.Find(profile.Home) ?? throw new InvalidOperationException($"{profile.Home} is not in {Gazetteer.File}");
        var noticeReceived = now.AddHours(-profile.HoursAgo);
        var requiredFrom = RequiredFrom(noticeReceived, profile.NoticeDays);
        var requiredOn = DateOnly.FromDateTime(UkTime.ToLocal(requiredFrom));

        return new PlacementRequest
        {
            Reference = string.Create(CultureInfo.InvariantCulture, $"PR-{number}"),
            ChildReference = childReferences.ChildReference(),
            // Born between 15 and 330 days before a birthday, so the child is exactly Age on the day needed.
            DateOfBirth = requiredOn.AddYears(-profile.Age).AddDays(-random.Next(15, 331)),
            Gender = profile.Gender,
            Ethnicity = profile.Ethnicity,
            LegalStatus = profile.LegalStatus,
            IsSeparatedChild = profile.Needs.HasFlag(Needs.SeparatedChild),
            Needs = profile.Needs,
            HomePostcode = Postcode(random, home),
            HomeLocality = home.Name,
            // The town's centroid, not a street: the child's home address never enters Brokerage.
            HomeLatitude = home.Latitude,
            HomeLongitude = home.Longitude,
            PlacementType = profile.Type,
            NoticeReceivedAt = noticeReceived,
            RequiredFrom = requiredFrom,
            Urgency = rules.Urgency.Classify(UrgencyPolicy.NoticeDays(noticeReceived, requiredFrom)),
            WeeklyBudget = profile.Budget,
            MaxDistanceMiles = profile.MaxMiles,
            Summary = profile.Summary,
            Status = RequestStatus.Open,
            CreatedAt = noticeReceived,
            CreatedBy = CreatedBy,
            Version = 0,
        };
    }

    /// <summary>Notice days are counted in UK calendar days, so the start is placed on the right local date.</summary>
    private static DateTime RequiredFrom(DateTime noticeReceivedUtc, int noticeDays)
    {
        var noticeLocal = UkTime.ToLocal(noticeReceivedUtc);
        if (noticeDays == 0)
        {
            // Needed within hours, but still on the day the notice came in: that is what makes it a crisis.
            var endOfDay = UkTime.ToUtc(noticeLocal.Date.AddHours(23).AddMinutes(59));
            var soon = noticeReceivedUtc.AddHours(4);
            return soon < endOfDay ? soon : endOfDay;
        }

        return UkTime.ToUtc(noticeLocal.Date.AddDays(noticeDays).AddHours(10));
    }

    // ----- Small helpers -----

    private const string InwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

    private static string Postcode(Random random, Locality locality) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{locality.PostcodeDistrict} {random.Next(1, 10)}{InwardLetters[random.Next(InwardLetters.Length)]}{InwardLetters[random.Next(InwardLetters.Length)]}");

    private static double Jitter(Random random, double degrees) =>
        Math.Round(degrees + (((random.NextDouble() * 2) - 1) * 0.03), 5);

    private static decimal Pounds(Random random, int min, int max) =>
        min + (5 * random.Next(0, ((max - min) / 5) + 1));

    private static T Pick<T>(Random random, params T[] options) => options[random.Next(options.Length)];

    /// <summary>Between min and max distinct needs from the pool; the pool must hold at least max distinct needs.</summary>
    private static Needs AnyOf(Random random, Needs[] pool, int min, int max)
    {
        var wanted = random.Next(min, max + 1);
        var chosen = Needs.None;
        while (BitOperations.PopCount((uint)chosen) < wanted)
        {
            chosen |= pool[random.Next(pool.Length)];
        }

        return chosen;
    }

    /// <summary>Draws names and references until one is new, so every setting name and URN is unique.</summary>
    private sealed class UniqueNames(Random random)
    {
        private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

        public string Urn() =>
            Unique(() => "SC" + random.Next(100000, 1000000).ToString(CultureInfo.InvariantCulture));

        public string ChildReference() =>
            Unique(() => "CH-" + random.Next(100000, 1000000).ToString(CultureInfo.InvariantCulture));

        public string FosteringHousehold(string brand, string suffix) =>
            Unique(() => $"{brand} – {Pick(random, CarerSurnames)} {suffix}");

        public string Building(string[] words, string[] suffixes) =>
            Unique(() => $"{Pick(random, words)} {Pick(random, suffixes)}");

        private string Unique(Func<string> draw)
        {
            while (true)
            {
                var candidate = draw();
                if (_used.Add(candidate))
                {
                    return candidate;
                }
            }
        }
    }
}
