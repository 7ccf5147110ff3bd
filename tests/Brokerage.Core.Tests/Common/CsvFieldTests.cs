using Brokerage.Core.Allocation;
using Brokerage.Core.Common;
using Brokerage.Core.Tests.Allocation;

namespace Brokerage.Core.Tests.Common;

public sealed class CsvFieldTests
{
    [Theory]
    [InlineData("Amberford", "Amberford")]
    [InlineData("=HYPERLINK(\"http://x.example\",\"Click\")", "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"Click\"\")\"")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("+44 1234", "'+44 1234")]
    [InlineData("-3", "-3")]
    [InlineData("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0")]
    [InlineData("\tSUM(1)", "'\tSUM(1)")]
    [InlineData("North, East", "\"North, East\"")]
    [InlineData("", "")]
    public void Of_QuotesWhatNeedsItAndDefusesFormulas(string value, string expected) =>
        Assert.Equal(expected, CsvField.Of(value));

    [Fact]
    public void AllocationResults_GiveAnAreaNamedLikeAFormulaBackAsText()
    {
        var csv = AllocationEngineTests.TinyCsv.Replace("\nA,", "\n@SUM(1+1)*cmd,", StringComparison.Ordinal).Replace("\nB,", "\n=HYPERLINK(x.example),", StringComparison.Ordinal);
        var result = AllocationEngine.Allocate(AllocationEngineTests.Tiny, AreaData.Parse(AllocationEngineTests.Tiny, csv));

        var lines = AllocationDocument.Csv(result).Split('\n');

        Assert.Contains(lines, l => l.StartsWith("'@SUM(1+1)*cmd,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("'=HYPERLINK(x.example),", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith('=') || l.StartsWith('@'));
    }
}
