using Brokerage.Core.Common;
using Brokerage.Core.Allocation;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Tests.Allocation;

public sealed class AllocationEngineTests
{
    private const double Tolerance = 1e-9;

    // A tiny model to check by hand: "people" is a share factor (60%), "pressure" a pressure
    // factor (40%); 650 a year over 4 cycles; flagged when cases ÷ people is 0.5 or more.
    private const string TinyModelJson = """
        {
          "name": "Tiny model",
          "description": "Small round numbers to check by hand.",
          "annualTotal": 650,
          "unit": "referrals",
          "cycles": 4,
          "currentColumn": "current",
          "factors": [
            { "column": "people", "label": "People", "weight": 60, "direction": "Share" },
            { "column": "pressure", "label": "Pressure", "weight": 40, "direction": "Pressure" }
          ],
          "thresholds": [
            { "label": "Many cases", "numerator": "cases", "denominator": "people", "ratio": 0.5 }
          ]
        }
        """;

    internal const string TinyCsv = """
        area,people,pressure,cases,current
        A,10,0,1,50
        B,30,1,20,30
        C,60,3,0,20
        """;

    internal static AllocationModel Tiny => AllocationModel.Read("tiny.json", TinyModelJson);

    private static AllocationModel Shipped(string key) => Assert.Single(AllocationModel.LoadAll(RulesDirectory.Real), m => m.Key == key);

    private static IReadOnlyList<Area> ShippedAreas(AllocationModel model) =>
        AreaData.Parse(model, File.ReadAllText(Path.Combine(RulesDirectory.Real, "allocation", model.Key + ".areas.csv")));

    private static AreaResult Find(AllocationResult result, string area) => Assert.Single(result.Areas, a => a.Area == area);

    // ---- 1. Shares ----

    [Fact]
    public void Shares_WeightEachFactor_AndPressureMeansASmallerShare()
    {
        var result = AllocationEngine.Allocate(Tiny, AreaData.Parse(Tiny, TinyCsv));

        // people 10, 30, 60 of 100 → 0.1, 0.3, 0.6.
        // pressure 0, 1, 3 → 1/(1+v) = 1, 1/2, 1/4; total 7/4 → 4/7, 2/7, 1/7.
        // overall = 0.6 × people share + 0.4 × pressure share:
        //   A = 0.06 + 1.6/7 = 0.06 + 8/35; B = 0.18 + 4/35; C = 0.36 + 2/35 (sum 0.6 + 14/35 = 1).
        var expected = new (string Area, double People, double Pressure, double Share)[]
        {
            ("A", 0.1, 4.0 / 7, 0.06 + (8.0 / 35)),
            ("B", 0.3, 2.0 / 7, 0.18 + (4.0 / 35)),
            ("C", 0.6, 1.0 / 7, 0.36 + (2.0 / 35)),
        };
        Assert.Equal(["A", "B", "C"], result.Areas.Select(a => a.Area));
        foreach (var (area, people, pressure, share) in expected)
        {
            var actual = Find(result, area);
            Assert.Equal(2, actual.FactorShares.Count);
            Assert.Equal(people, actual.FactorShares[0], Tolerance);
            Assert.Equal(pressure, actual.FactorShares[1], Tolerance);
            Assert.Equal(share, actual.Share, Tolerance);
        }

        Assert.Equal(1.0, result.Areas.Sum(a => a.Share), Tolerance);
    }

    [Fact]
    public void Shares_TwiceThePressure_GivesAboutHalfTheShareOfThatFactor()
    {
        var model = AllocationModel.Read("pressure.json", TinyModelJson.Replace("\"weight\": 60, \"direction\": \"Share\"", "\"weight\": 60, \"direction\": \"Pressure\"", StringComparison.Ordinal));
        var areas = AreaData.Parse(model, """
            area,people,pressure,cases,current
            Low,9,0,0,1
            High,19,0,0,1
            """);

        var result = AllocationEngine.Allocate(model, areas);

        // people as a pressure: 1/(1+9) = 1/10 and 1/(1+19) = 1/20; total 3/20 → 2/3 and 1/3.
        Assert.Equal(2.0 / 3, Find(result, "Low").FactorShares[0], Tolerance);
        Assert.Equal(1.0 / 3, Find(result, "High").FactorShares[0], Tolerance);
    }

    [Fact]
    public void Shares_OnTheShippedRota_ChildPopulationIsAPlainProportion()
    {
        var model = Shipped("national-transfer-rota");

        var result = AllocationEngine.Allocate(model, ShippedAreas(model));

        // Child population total: 128000 + 54000 + 97000 + 41000 + 76000 + 63000 + 88000 + 35000 = 582000.
        Assert.Equal(128_000.0 / 582_000, Find(result, "Ambershire").FactorShares[0], Tolerance);
        Assert.Equal(76_000.0 / 582_000, Find(result, "Wyvern City").FactorShares[0], Tolerance);
        Assert.Equal(1.0, result.Areas.Sum(a => a.Share), Tolerance);
    }

    // ---- 2. Largest-remainder rounding ----

    [Fact]
    public void Annual_OnTheShippedRota_IsWholeAndAddsUpToExactly650()
    {
        var model = Shipped("national-transfer-rota");

        var result = AllocationEngine.Allocate(model, ShippedAreas(model));

        Assert.Equal(8, result.Areas.Count);
        Assert.Equal(650, result.Areas.Sum(a => a.Annual));
        Assert.All(result.Areas, a => Assert.True(Math.Abs(a.Annual - (650 * a.Share)) < 1, $"{a.Area}: {a.Annual} is not within 1 of 650 × {a.Share}"));
    }

    [Fact]
    public void Annual_OnTheTinyModel_LeftOverGoesToTheLargestFraction()
    {
        var result = AllocationEngine.Allocate(Tiny, AreaData.Parse(Tiny, TinyCsv));

        // 650 × (0.06 + 8/35) = 39 + 5200/35 = 187.571…; 650 × (0.18 + 4/35) = 117 + 2600/35 = 191.286…;
        // 650 × (0.36 + 2/35) = 234 + 1300/35 = 271.143…. Floors 187 + 191 + 271 = 649; the 1 left
        // goes to A (.571 is the largest fraction).
        Assert.Equal([188, 191, 271], result.Areas.Select(a => a.Annual));
    }

    [Fact]
    public void LargestRemainder_OnATie_GivesTheLeftOverToTheFirstListed()
    {
        // 10 × 1/3 = 3.333… each; floors 9; the 1 left goes to the first of three equal fractions.
        Assert.Equal([4, 3, 3], AllocationEngine.LargestRemainder(10, [1, 1, 1]));
    }

    [Fact]
    public void LargestRemainder_GivesTheLeftOverToTheLargestFraction_NotTheFirstListed()
    {
        // 10 × 2/9 = 2.222…, 10 × 3/9 = 3.333…, 10 × 4/9 = 4.444…; floors 9; the 1 left goes to .444.
        Assert.Equal([2, 3, 5], AllocationEngine.LargestRemainder(10, [2, 3, 4]));
    }

    [Fact]
    public void LargestRemainder_WithSeveralLeftOver_GivesOneEachInOrderOfFraction()
    {
        // 7 × 0.1 = 0.7, 7 × 0.25 = 1.75, 7 × 0.3 = 2.1, 7 × 0.35 = 2.45; floors 0 + 1 + 2 + 2 = 5;
        // the 2 left go to .75 then .7.
        Assert.Equal([1, 2, 2, 2], AllocationEngine.LargestRemainder(7, [0.1, 0.25, 0.3, 0.35]));
    }

    // ---- 3. Change plan over cycles ----

    [Fact]
    public void Cycles_Split650IntoFour_AsWholeNumbers()
    {
        var result = AllocationEngine.Allocate(Tiny, AreaData.Parse(Tiny, TinyCsv));

        // 650 ÷ 4 = 162.5 each; floors 648; the 2 left go to the first two (a tie).
        Assert.Equal([163, 163, 162, 162], result.CycleTotals);
        for (var c = 0; c < 4; c++)
        {
            Assert.Equal(result.CycleTotals[c], result.Areas.Sum(a => a.PerCycle[c]));
        }
    }

    [Fact]
    public void Cycles_MoveEachAreaAQuarterOfTheWayEachCycle_FromTodayToItsTarget()
    {
        var result = AllocationEngine.Allocate(Tiny, AreaData.Parse(Tiny, TinyCsv));

        // Today: current 50, 30, 20 of 100 → 0.5, 0.3, 0.2 = 17.5/35, 10.5/35, 7/35.
        // Target (35ths): A 10.1, B 10.3, C 14.6. Cycle k share = today + (target − today) × k/4:
        //   A 15.65, 13.8, 11.95, 10.1; B 10.45, 10.4, 10.35, 10.3; C 8.9, 10.8, 12.7, 14.6.
        // Cycle 1 (163): A 163 × 15.65/35 = 72.884, B 48.667, C 41.449 → floors 161, +1 to A and B → 73, 49, 41.
        // Cycle 2 (163): A 163 × 13.8/35 = 64.269, B 48.434, C 50.297 → floors 162, +1 to B → 64, 49, 50.
        // Cycle 3 (162): A 162 × 11.95/35 = 55.311, B 47.906, C 58.783 → floors 160, +1 to B and C → 55, 48, 59.
        // Cycle 4 (162): A 162 × 10.1/35 = 46.749, B 47.674, C 67.577 → floors 160, +1 to A and B → 47, 48, 67.
        Assert.Equal([0.5, 0.3, 0.2], result.Areas.Select(a => Math.Round(a.CurrentShare, 12)));
        Assert.Equal([73, 64, 55, 47], Find(result, "A").PerCycle);
        Assert.Equal([49, 49, 48, 48], Find(result, "B").PerCycle);
        Assert.Equal([41, 50, 59, 67], Find(result, "C").PerCycle);
    }

    [Fact]
    public void Cycles_TheLastCycle_IsTheTargetAllocationOfThatCyclesTotal()
    {
        var tiny = Tiny;
        var rota = Shipped("national-transfer-rota");
        var dispersal = Shipped("asylum-dispersal");
        foreach (var (model, areas) in new[] { (tiny, AreaData.Parse(tiny, TinyCsv)), (rota, ShippedAreas(rota)), (dispersal, ShippedAreas(dispersal)) })
        {
            var result = AllocationEngine.Allocate(model, areas);

            var last = result.CycleTotals[^1];
            Assert.Equal(AllocationEngine.LargestRemainder(last, [.. result.Areas.Select(a => a.Share)]), result.Areas.Select(a => a.PerCycle[^1]));
        }
    }

    [Fact]
    public void Cycles_WhenNoAreaHasAnyYet_StartFromEqualShares()
    {
        var result = AllocationEngine.Allocate(Tiny, AreaData.Parse(Tiny, "area,people,pressure,cases,current\nA,10,0,1,0\nB,30,1,20,0\nC,60,3,0,0\n"));

        // Current 0, 0, 0 → 1/3 each.
        Assert.All(result.Areas, a => Assert.Equal(1.0 / 3, a.CurrentShare, Tolerance));
    }

    // ---- 4. Flags ----

    [Fact]
    public void Flags_OnTheShippedRota_OnlyWyvernCityLooksAfterMoreThanOneInAThousand()
    {
        var model = Shipped("national-transfer-rota");

        var result = AllocationEngine.Allocate(model, ShippedAreas(model));

        // uascCount ÷ childPopulation: Ambershire 40/128000 = 0.00031, Brackenford 45/54000 = 0.00083,
        // Hollowmere 14/97000 = 0.00014, Kestrel Dale 8/41000 = 0.00020, Wyvern City 88/76000 = 0.00116,
        // Marrowdown 5/63000 = 0.00008, Saltings 23/88000 = 0.00026, Tamsworth 17/35000 = 0.00049.
        // Only Wyvern City reaches 0.001.
        Assert.Equal(["Wyvern City"], result.Areas.Where(a => a.Flags.Count > 0).Select(a => a.Area));
        Assert.Equal(["Looks after unaccompanied children at or above 0.1% of its child population"], Find(result, "Wyvern City").Flags);
    }

    [Fact]
    public void Flags_OnTheShippedDispersalPlan_ProcurementStopsAt75PercentAndTheLimitIsOneIn200()
    {
        var model = Shipped("asylum-dispersal");
        const string Procurement = "Procurement stops: at 75% of the cluster limit of 1 per 200";
        const string Limit = "At or above the cluster limit of 1 supported asylum seeker per 200 population";

        var result = AllocationEngine.Allocate(model, ShippedAreas(model));

        // supportedAsylumSeekers ÷ population against 0.00375 (75% of 1/200) and 0.005 (1/200):
        // Ambershire 581/612000 = 0.00095, Brackenford 950/241000 = 0.00394 (≥ 0.00375, < 0.005),
        // Hollowmere 218/455000 = 0.00048, Kestrel Dale 115/188000 = 0.00061,
        // Wyvern City 1750/344000 = 0.00509 (both), Marrowdown 74/297000 = 0.00025, Saltings 310/402000 = 0.00077.
        Assert.Equal([Procurement], Find(result, "Brackenford").Flags);
        Assert.Equal([Procurement, Limit], Find(result, "Wyvern City").Flags);
        Assert.Equal(["Brackenford", "Wyvern City"], result.Areas.Where(a => a.Flags.Count > 0).Select(a => a.Area));
    }

    [Fact]
    public void Flags_OnTheDispersalPlan_ApplyAtExactlyTheThreshold()
    {
        var model = Shipped("asylum-dispersal");
        var areas = AreaData.Parse(model, """
            area,population,housingSupplyIndex,supportedAsylumPer10k,deprivationScore,supportedAsylumSeekers,currentDispersals
            Under,200000,50,10,10,749,10
            At75,200000,50,10,10,750,10
            Under200,200000,50,10,10,999,10
            At200,200000,50,10,10,1000,10
            """);

        var result = AllocationEngine.Allocate(model, areas);

        // 749/200000 = 0.003745 < 0.00375; 750/200000 = 0.00375; 999/200000 = 0.004995 < 0.005; 1000/200000 = 0.005.
        Assert.Empty(Find(result, "Under").Flags);
        Assert.Single(Find(result, "At75").Flags);
        Assert.Single(Find(result, "Under200").Flags);
        Assert.Equal(2, Find(result, "At200").Flags.Count);
    }

    [Fact]
    public void Flags_OnTheTinyModel_NameTheThresholdReached()
    {
        var result = AllocationEngine.Allocate(Tiny, AreaData.Parse(Tiny, TinyCsv));

        // cases ÷ people: 1/10 = 0.1, 20/30 = 0.667, 0/60 = 0 against 0.5 → only B.
        Assert.Empty(Find(result, "A").Flags);
        Assert.Equal(["Many cases"], Find(result, "B").Flags);
        Assert.Empty(Find(result, "C").Flags);
    }

    // ---- 5. Area data import ----

    [Fact]
    public void Template_HasTheAreaColumnThenEveryColumnTheModelUses_OnceEach()
    {
        // Factors (people, pressure), then threshold columns (cases; people already listed), then current.
        Assert.Equal("area,people,pressure,cases,current\nExample area,0,0,0,0\n", AreaData.Template(Tiny));
    }

    [Fact]
    public void Template_ForTheShippedRota_ParsesBackOnlyWithTwoAreas()
    {
        var model = Shipped("national-transfer-rota");
        var template = AreaData.Template(model);

        Assert.StartsWith("area,childPopulation,lookedAfterPer10k,uascPer10k,formerUascCareLeaversPer10k,supportedAsylumPer10k,uascCount,currentReferrals\n", template, StringComparison.Ordinal);
        var problem = Assert.Single(Assert.Throws<AreaDataException>(() => AreaData.Parse(model, template)).Problems, p => p.Message.Contains("two areas", StringComparison.Ordinal));
        Assert.Equal(2, problem.Row);
    }

    [Fact]
    public void Parse_TheShippedAreaData_ReadsEveryArea()
    {
        var rota = ShippedAreas(Shipped("national-transfer-rota"));
        var dispersal = ShippedAreas(Shipped("asylum-dispersal"));

        Assert.Equal(["Ambershire", "Brackenford", "Hollowmere", "Kestrel Dale", "Wyvern City", "Marrowdown", "Saltings", "Tamsworth"], rota.Select(a => a.Name));
        Assert.Equal(88, rota[4].Values["uascCount"]);
        Assert.Equal(7, dispersal.Count);
        Assert.Equal(1750, dispersal[4].Values["supportedAsylumSeekers"]);
    }

    [Fact]
    public void Parse_QuotedFieldsWithCommas_AreOneField()
    {
        var areas = AreaData.Parse(Tiny, """
            area,people,pressure,cases,current
            "Bath, North East Somerset",10,0,1,50
            "The ""Old"" Town",30,1,2,30
            """);

        Assert.Equal(["Bath, North East Somerset", "The \"Old\" Town"], areas.Select(a => a.Name));
        Assert.Equal(10, areas[0].Values["people"]);
    }

    [Fact]
    public void Parse_ColumnsInAnyOrder_WithExtraColumnsIgnored()
    {
        var areas = AreaData.Parse(Tiny, "area,current,notes,cases,pressure,people\nA,50,x,1,0,10\nB,30,y,2,1,30\n");

        Assert.Equal(30, areas[1].Values["people"]);
        Assert.Equal(50, areas[0].Values["current"]);
        Assert.False(areas[0].Values.ContainsKey("notes"));
    }

    [Fact]
    public void Parse_AMissingHeaderColumn_NamesTheColumn()
    {
        var problem = SingleProblem("area,people,pressure,current\nA,10,0,50\nB,30,1,30\n");

        Assert.Equal(new CsvProblem(1, "cases", "This column is missing from the header"), problem);
        Assert.Equal("Row 1, column cases: This column is missing from the header", problem.ToString());
    }

    [Fact]
    public void Parse_AFirstColumnThatIsNotArea_IsRejected()
    {
        var problem = SingleProblem("name,people,pressure,cases,current\nA,10,0,1,50\nB,30,1,2,30\n");

        Assert.Equal(1, problem.Row);
        Assert.Equal("name", problem.Column);
        Assert.Contains("\"area\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ANonNumber_NamesTheRowAndColumn()
    {
        var problem = SingleProblem("area,people,pressure,cases,current\nA,10,0,1,50\nB,30,abc,2,30\n");

        Assert.Equal(new CsvProblem(3, "pressure", "\"abc\" is not a number"), problem);
    }

    [Fact]
    public void Parse_ANegativeNumber_NamesTheRowAndColumn()
    {
        var problem = SingleProblem("area,people,pressure,cases,current\nA,10,0,1,50\nB,30,1,2,-5\n");

        Assert.Equal(new CsvProblem(3, "current", "Must not be negative"), problem);
    }

    [Fact]
    public void Parse_ZeroInADenominator_NamesTheRowAndColumn()
    {
        // people is the threshold's denominator (cases ÷ people).
        var problem = SingleProblem("area,people,pressure,cases,current\nA,0,0,1,50\nB,30,1,2,30\n");

        Assert.Equal(new CsvProblem(2, "people", "Must be more than 0: other figures are divided by it"), problem);
    }

    [Fact]
    public void Parse_ZeroOutsideADenominator_IsAllowed()
    {
        var areas = AreaData.Parse(Tiny, "area,people,pressure,cases,current\nA,10,0,0,0\nB,30,0,0,30\n");

        Assert.Equal(0, areas[0].Values["cases"]);
    }

    [Fact]
    public void Parse_ADuplicateArea_NamesTheSecondRow()
    {
        var problem = SingleProblem("area,people,pressure,cases,current\nA,10,0,1,50\nB,30,1,2,30\nA,60,3,0,20\n");

        Assert.Equal(4, problem.Row);
        Assert.Equal("area", problem.Column);
        Assert.Equal("\"A\" appears twice", problem.Message);
    }

    [Fact]
    public void Parse_ARowWithTheWrongNumberOfValues_SaysHowMany()
    {
        var problem = SingleProblem("area,people,pressure,cases,current\nA,10,0,1,50\nB,30,1,2,30\nC,60,3,0\n");

        Assert.Equal(new CsvProblem(4, null, "It has 4 values but the header has 5"), problem);
        Assert.Equal("Row 4: It has 4 values but the header has 5", problem.ToString());
    }

    [Fact]
    public void Parse_RowNumbers_CountBlankLinesAndCrLf()
    {
        var problem = SingleProblem("area,people,pressure,cases,current\r\nA,10,0,1,50\r\n\r\nB,30,x,2,30\r\n");

        Assert.Equal(new CsvProblem(4, "pressure", "\"x\" is not a number"), problem);
    }

    [Fact]
    public void Parse_FewerThanTwoAreas_IsRejected()
    {
        var problem = SingleProblem("area,people,pressure,cases,current\nA,10,0,1,50\n");

        Assert.Equal(new CsvProblem(2, null, "At least two areas are needed to share anything"), problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n")]
    [InlineData("\uFEFF")]
    public void Parse_AnEmptyFile_SaysSo(string csv)
    {
        Assert.Equal(new CsvProblem(1, null, "The file is empty"), SingleProblem(csv));
    }

    [Fact]
    public void Parse_EveryAreaZeroForAShareFactor_IsRejected()
    {
        // With cases ÷ current as the threshold, people is no longer a denominator, so 0 is allowed on a row.
        var model = AllocationModel.Read("noden.json", TinyModelJson.Replace("\"denominator\": \"people\"", "\"denominator\": \"current\"", StringComparison.Ordinal));

        var problem = Assert.Single(Assert.Throws<AreaDataException>(() => AreaData.Parse(model, "area,people,pressure,cases,current\nA,0,0,1,50\nB,0,1,2,30\n")).Problems);

        Assert.Equal(new CsvProblem(2, "people", "Every area is 0, so there is nothing to share by"), problem);
    }

    [Fact]
    public void Parse_SeveralProblems_AreAllReported()
    {
        var error = Assert.Throws<AreaDataException>(() => AreaData.Parse(Tiny, "area,people,pressure,cases,current\nA,abc,0,1,50\nB,30,-1,2,30\n"));

        Assert.Equal([new CsvProblem(2, "people", "\"abc\" is not a number"), new CsvProblem(3, "pressure", "Must not be negative")], error.Problems);
        Assert.Contains("Row 2, column people", error.Message, StringComparison.Ordinal);
        Assert.Contains("Row 3, column pressure", error.Message, StringComparison.Ordinal);
    }

    private static CsvProblem SingleProblem(string csv) =>
        Assert.Single(Assert.Throws<AreaDataException>(() => AreaData.Parse(Tiny, csv)).Problems);

    // ---- 6. Model files ----

    [Fact]
    public void LoadAll_TheShippedModels_MatchTheDesign()
    {
        var models = AllocationModel.LoadAll(RulesDirectory.Real);

        Assert.Equal(["asylum-dispersal", "national-transfer-rota"], models.Select(m => m.Key));
        var rota = models[1];
        Assert.Equal(650, rota.AnnualTotal);
        Assert.Equal(4, rota.Cycles);
        Assert.Equal([25.0, 22, 10, 10, 33], rota.Factors.Select(f => f.Weight));
        Assert.Equal([FactorDirection.Share, FactorDirection.Pressure, FactorDirection.Pressure, FactorDirection.Pressure, FactorDirection.Pressure], rota.Factors.Select(f => f.Direction));
        Assert.Equal(0.001, Assert.Single(rota.Thresholds).Ratio);
        var dispersal = models[0];
        Assert.Equal([0.75 / 200, 1.0 / 200], dispersal.Thresholds.Select(t => t.Ratio));
    }

    [Fact]
    public void LoadAll_WithABrokenModelFile_NamesTheFile()
    {
        using var directory = RulesDirectory.Copy();
        File.WriteAllText(Path.Combine(directory, "allocation", "broken.json"), TinyModelJson.Replace("\"weight\": 40", "\"weight\": 30", StringComparison.Ordinal));

        var error = Assert.Throws<RuleFileException>(() => AllocationModel.LoadAll(directory));

        Assert.Equal("allocation/broken.json", error.File);
        Assert.Equal("factors", error.Rule);
    }

    [Fact]
    public void Read_WeightsThatDoNotAddUpTo100_AreRejected()
    {
        // 60 + 30 = 90.
        var error = ReadWithEdit("\"weight\": 40", "\"weight\": 30");

        Assert.Equal("allocation/edited.json", error.File);
        Assert.Equal("factors", error.Rule);
        Assert.Equal("the weights add up to 90, not 100", error.Reason);
        Assert.Contains("allocation/edited.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AZeroWeight_IsRejected()
    {
        var error = ReadWithEdit(
            "{ \"column\": \"pressure\", \"label\": \"Pressure\", \"weight\": 40, \"direction\": \"Pressure\" }",
            "{ \"column\": \"pressure\", \"label\": \"Pressure\", \"weight\": 40, \"direction\": \"Pressure\" }, { \"column\": \"cases\", \"label\": \"Cases\", \"weight\": 0, \"direction\": \"Share\" }");

        Assert.Equal("allocation/edited.json", error.File);
        Assert.Equal("factors", error.Rule);
        Assert.Equal("every weight must be more than 0", error.Reason);
    }

    [Fact]
    public void Read_AnUnknownProperty_IsRejectedNamingIt()
    {
        var error = ReadWithEdit("\"direction\": \"Pressure\"", "\"direction\": \"Pressure\", \"colour\": \"red\"");

        Assert.Equal("allocation/edited.json", error.File);
        Assert.Null(error.Rule);
        Assert.StartsWith("not valid:", error.Reason, StringComparison.Ordinal);
        Assert.Contains("colour", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"Sideways\"")]
    [InlineData("1")]
    [InlineData("\"2\"")]
    public void Read_ADirectionThatIsNotShareOrPressure_IsRejected(string direction)
    {
        var error = ReadWithEdit("\"direction\": \"Pressure\"", "\"direction\": " + direction);

        Assert.Equal("allocation/edited.json", error.File);
        Assert.StartsWith("not valid:", error.Reason, StringComparison.Ordinal);
        Assert.Contains("direction", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ADirectionCombiningShareAndPressure_IsRejected_NotReadAsPressure()
    {
        // "Share, Pressure" is neither direction. System.Text.Json reads a comma list as flags
        // (Share 0 | Pressure 1 = Pressure), so without a check the factor silently becomes a pressure.
        var error = ReadWithEdit("\"direction\": \"Pressure\"", "\"direction\": \"Share, Pressure\"");

        Assert.Equal("allocation/edited.json", error.File);
        Assert.Contains("direction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AMissingSetting_IsRejected()
    {
        var error = ReadWithEdit("\"cycles\": 4,", "");

        Assert.Equal("allocation/edited.json", error.File);
        Assert.Contains("cycles", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TheKeyIsTheFileNameWithoutJson()
    {
        Assert.Equal("tiny", Tiny.Key);
    }

    private static RuleFileException ReadWithEdit(string find, string replace)
    {
        Assert.Contains(find, TinyModelJson, StringComparison.Ordinal);
        return Assert.Throws<RuleFileException>(() => AllocationModel.Read("edited.json", TinyModelJson.Replace(find, replace, StringComparison.Ordinal)));
    }
}
