using Brokerage.Core.Allocation;
using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Core.Tests.Allocation;

public sealed class AllocationServiceTests : IDisposable
{
    private readonly SqliteDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
    private readonly AllocationModels _models = new([AllocationEngineTests.Tiny], RulesDirectory.Real);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Upload_WithNoNameAndABrokenFile_ReportsEveryErrorAtOnce_AndSavesNothing()
    {
        await using var db = _database.CreateContext();
        var csv = "area,people,pressure,cases,current\nA,abc,0,1,50\nB,30,-1,2,30\n";

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => new AllocationService(db, _models, _time).UploadAsync("tiny", " ", csv, "commissioner"));

        Assert.Equal(
            [
                ("Name", "Enter the name of this data"),
                (AllocationService.CsvField, "The file has 2 problems, listed below. Nothing has been saved"),
                (AllocationService.CsvField, "Row 2, column people: \"abc\" is not a number"),
                (AllocationService.CsvField, "Row 3, column pressure: Must not be negative"),
            ],
            error.Errors.Select(e => (e.Field, e.Message)));
        Assert.Equal(0, await db.AllocationDatasets.CountAsync());
        Assert.Equal(0, await db.AuditEvents.CountAsync());
    }

    [Fact]
    public async Task Upload_WithANameOverTheLimit_SaysTheLimitInTheSharedWording()
    {
        await using var db = _database.CreateContext();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            new AllocationService(db, _models, _time).UploadAsync("tiny", new string('x', FieldRules.NameMaxLength + 1), AllocationEngineTests.TinyCsv, "commissioner"));

        Assert.Equal(new FieldError("Name", "The name of this data must be 100 characters or fewer"), Assert.Single(error.Errors));
    }

    [Fact]
    public void ResultsPdf_NamesTheCouncilFromConfiguration()
    {
        var result = AllocationEngine.Allocate(AllocationEngineTests.Tiny, AreaData.Parse(AllocationEngineTests.Tiny, AllocationEngineTests.TinyCsv));
        var council = new CouncilOptions { Name = "Wessex Borough Council", ShortName = "Wessex", ServiceName = "Placements Finder", TeamName = "placements team" };

        var pdf = AllocationDocument.Pdf(result, "Test figures", illustrative: false, _time.GetUtcNow().UtcDateTime, council);

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("Wessex Borough Council. Area data: Test figures", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ambershire", text, StringComparison.Ordinal);
    }
}
