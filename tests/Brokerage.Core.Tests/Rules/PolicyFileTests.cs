using Brokerage.Core.Council;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Tests.Rules;

/// <summary>The policy files are read strictly: a misspelt or missing setting stops the load, naming the file, the place and why.</summary>
public sealed class PolicyFileTests
{
    [Theory]
    [InlineData(UrgencyPolicy.File, "\"maxNoticeDays\": 3", "\"maxNoticeDay\": 3", "bands[1].maxNoticeDay")]
    [InlineData(SlaPolicy.File, "\"holdWorkingDays\": 3", "\"holdWorkingDay\": 3", "holdWorkingDay")]
    [InlineData(SlaPolicy.File, "\"respondWithinHours\": 8", "\"respondWithinHour\": 8", "urgencies.Emergency.respondWithinHour")]
    [InlineData(WideningPolicy.File, "\"referralsPerStage\": 3", "\"referalsPerStage\": 3", "referalsPerStage")]
    [InlineData(WideningPolicy.File, "\"maxDistanceMiles\": 20", "\"maxDistance\": 20", "stages[0].maxDistance")]
    [InlineData(VacancySchemePolicy.File, "\"staleAfterDays\": 14", "\"staleAfterDay\": 14", "staleAfterDay")]
    [InlineData(Gazetteer.File, "\"postcodeDistrict\": \"AM1\"", "\"postcode\": \"AM1\"", "localities[0].postcode")]
    public void Load_WithAnUnknownProperty_NamesTheFileAndTheProperty(string file, string find, string replace, string place)
    {
        var error = LoadWithEdit(file, find, replace);

        Assert.Equal(file, error.File);
        Assert.Equal(place, error.Rule);
        Assert.StartsWith($"\"{place.Split('.')[^1]}\" is not a setting this file can have (misspelt?)", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UrgencyPolicy.File, "{ \"urgency\": \"Crisis\", \"maxNoticeDays\": 0 }", "{ \"urgency\": \"Crisis\" }", "maxNoticeDays")]
    [InlineData(SlaPolicy.File, "\"holdWarningWorkingDays\": 1,", "", "holdWarningWorkingDays")]
    [InlineData(SlaPolicy.File, "\"firstChaseAfterHours\": 4, ", "", "firstChaseAfterHours")]
    [InlineData(WideningPolicy.File, "\"referralsPerStage\": 3,", "", "referralsPerStage")]
    [InlineData(Gazetteer.File, ", \"inCounty\": true }", " }", "inCounty")]
    public void Load_WithARequiredValueMissing_NamesTheValue(string file, string find, string replace, string missing)
    {
        var error = LoadWithEdit(file, find, replace);

        Assert.Equal(file, error.File);
        Assert.Equal($"{missing} is missing", error.Reason);
    }

    [Fact]
    public void Load_WithANullWhereANumberIsNeeded_IsRejected()
    {
        var error = LoadWithEdit(SlaPolicy.File, "\"holdWorkingDays\": 3", "\"holdWorkingDays\": null");

        Assert.Equal(SlaPolicy.File, error.File);
        Assert.Equal("holdWorkingDays", error.Rule);
    }

    [Theory]
    [InlineData("\"Clock\"", "\"clock\"")]
    [InlineData("\"Clock\"", "0")]
    [InlineData("\"Clock\"", "\"Clock, Working\"")]
    public void Load_WithAClockThatIsNotExactlyClockOrWorking_IsRejected(string clock, string replace)
    {
        var error = LoadWithEdit(SlaPolicy.File, "\"clock\": " + clock + ", \"respondWithinHours\": 2", "\"clock\": " + replace + ", \"respondWithinHours\": 2");

        Assert.Equal(SlaPolicy.File, error.File);
        Assert.Equal("urgencies.Crisis.clock", error.Rule);
        Assert.Contains("is not one of Clock, Working", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"firstChaseAfterHours\": 4, \"secondChaseAfterHours\": 6", "\"firstChaseAfterHours\": 6, \"secondChaseAfterHours\": 6")]
    [InlineData("\"secondChaseAfterHours\": 6", "\"secondChaseAfterHours\": 8")]
    [InlineData("\"escalateAfterHours\": 8", "\"escalateAfterHours\": 7.5")]
    [InlineData("\"firstChaseAfterHours\": 4", "\"firstChaseAfterHours\": 0")]
    public void Load_WithSlaWindowsOutOfOrder_NamesTheUrgency(string find, string replace)
    {
        var error = LoadWithEdit(SlaPolicy.File, find, replace);

        Assert.Equal(SlaPolicy.File, error.File);
        Assert.Equal("Emergency", error.Rule);
        Assert.Contains("first chase < second chase < respond within <= escalate", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithAnUrgencyTheSlaDoesNotKnow_NamesIt()
    {
        var error = LoadWithEdit(SlaPolicy.File, "\"urgencies\": {", "\"urgencies\": { \"Routine\": { \"clock\": \"Working\", \"respondWithinHours\": 40, \"firstChaseAfterHours\": 20, \"secondChaseAfterHours\": 30, \"escalateAfterHours\": 40 },");

        Assert.Equal("Routine", error.Rule);
        Assert.Contains("not an urgency", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithAHoldWarningNoEarlierThanTheHoldEnds_IsRejected()
    {
        var error = LoadWithEdit(SlaPolicy.File, "\"holdWarningWorkingDays\": 1", "\"holdWarningWorkingDays\": 3");

        Assert.Equal("holdWarningWorkingDays", error.Rule);
    }

    [Fact]
    public void Load_WithAWideningStageWithoutContracts_NamesTheStage()
    {
        var error = LoadWithEdit(WideningPolicy.File, "\"contracts\": [\"InHouse\", \"BlockContract\"], \"maxDistanceMiles\": 20", "\"contracts\": [], \"maxDistanceMiles\": 20");

        Assert.Equal("In-house and block places within 20 miles", error.Rule);
    }

    [Fact]
    public void Load_WithAnUnknownContractArrangement_IsRejected()
    {
        var error = LoadWithEdit(WideningPolicy.File, "[\"InHouse\", \"BlockContract\"]", "[\"InHouse\", \"Block\"]");

        Assert.Equal(WideningPolicy.File, error.File);
        Assert.Contains("\"Block\" is not one of", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithAnOpenEndedUrgencyBandBeforeTheLast_IsRejected()
    {
        var error = LoadWithEdit(UrgencyPolicy.File, "\"maxNoticeDays\": 3", "\"maxNoticeDays\": null");

        Assert.Equal("Emergency", error.Rule);
    }

    [Fact]
    public void Gazetteer_TheShippedFile_HasTheCountyAndPlacesBeyondIt()
    {
        var gazetteer = RuleSet.Load(RulesDirectory.Real).Gazetteer;

        Assert.Equal(16, gazetteer.InCounty.Count);
        Assert.NotEmpty(gazetteer.OutOfCounty);
        Assert.Equal("AM1", gazetteer.Find("amberford")?.PostcodeDistrict);
        Assert.Null(gazetteer.Find("Nowhere"));
    }

    [Fact]
    public void Gazetteer_WithANameUsedTwice_IsRejected()
    {
        var error = LoadWithEdit(Gazetteer.File, "\"name\": \"Wexcombe\"", "\"name\": \"amberford\"");

        Assert.Equal(Gazetteer.File, error.File);
        Assert.Equal("amberford", error.Rule);
        Assert.Contains("used twice", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"latitude\": 52.262", "\"latitude\": 522.62")]
    [InlineData("\"longitude\": -1.248", "\"longitude\": -181.248")]
    public void Gazetteer_WithCoordinatesOutOfRange_NamesTheLocality(string find, string replace)
    {
        var error = LoadWithEdit(Gazetteer.File, find, replace);

        Assert.Equal("Amberford", error.Rule);
        Assert.Contains("latitude must be between", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Gazetteer_WithNoLocalityInTheCounty_IsRejected()
    {
        var error = LoadWithEdit(Gazetteer.File, "\"inCounty\": true", "\"inCounty\": false", everyOccurrence: true);

        Assert.Equal(Gazetteer.File, error.File);
        Assert.Contains("at least one locality must be in the county", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithTheGazetteerMissing_NamesTheFile()
    {
        var directory = RulesDirectory.Copy();
        File.Delete(Path.Combine(directory, Gazetteer.File));

        var error = Assert.Throws<RuleFileException>(() => RuleSet.Load(directory));
        Directory.Delete(directory, recursive: true);

        Assert.Equal(Gazetteer.File, error.File);
        Assert.Equal("the file is missing", error.Reason);
    }

    private static RuleFileException LoadWithEdit(string file, string find, string replace, bool everyOccurrence = false)
    {
        var directory = RulesDirectory.Copy();
        var path = Path.Combine(directory, file);
        var text = File.ReadAllText(path);
        var index = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0, $"{file} does not contain {find}");
        text = everyOccurrence ? text.Replace(find, replace, StringComparison.Ordinal) : string.Concat(text.AsSpan(0, index), replace, text.AsSpan(index + find.Length));
        File.WriteAllText(path, text);
        try
        {
            return Assert.Throws<RuleFileException>(() => RuleSet.Load(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
