using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Allocation;

/// <summary>The allocation models in rules/allocation, loaded and checked once at start-up.</summary>
public sealed class AllocationModels(IReadOnlyList<AllocationModel> models, string rulesDirectory)
{
    public IReadOnlyList<AllocationModel> All { get; } = models;

    public AllocationModel? Find(string key) => All.FirstOrDefault(m => m.Key == key);

    /// <summary>The illustrative area data shipped beside a model, if there is any.</summary>
    public string? IllustrativeCsv(AllocationModel model)
    {
        var path = Path.Combine(rulesDirectory, "allocation", model.Key + ".areas.csv");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }
}

/// <summary>Stores uploaded area data and works out each model's allocation from it.</summary>
public sealed class AllocationService(BrokerageDbContext db, AllocationModels models, TimeProvider time)
{
    /// <summary>The field of <see cref="UploadAsync"/>'s errors about the file itself.</summary>
    public const string CsvField = "Csv";

    /// <summary>
    /// Checks and stores a set of area data. Every error is reported at once: the name's, and the
    /// file's as one line saying how many problems it has followed by each problem, with its row and
    /// column, as further errors on <see cref="CsvField"/>.
    /// </summary>
    public async Task<AllocationDataset> UploadAsync(string modelKey, string? name, string csv, string actor, bool illustrative = false, CancellationToken cancellationToken = default)
    {
        var model = models.Find(modelKey) ?? throw new NotFoundException("Allocation model not found");
        const string NameOfData = "the name of this data";
        var errors = new FieldErrors()
            .Required("Name", NameOfData, name)
            .MaxLength("Name", NameOfData, name, FieldRules.NameMaxLength);
        try
        {
            AreaData.Parse(model, csv);
        }
        catch (AreaDataException ex)
        {
            errors.Add(CsvField, $"The file has {Display.Count(ex.Problems.Count, "problem")}, listed below. Nothing has been saved");
            foreach (var problem in ex.Problems)
            {
                errors.Add(CsvField, problem.ToString());
            }
        }

        errors.ThrowIfAny();
        var now = time.GetUtcNow().UtcDateTime;
        var dataset = new AllocationDataset { Model = model.Key, Name = name!.Trim(), Csv = csv, Illustrative = illustrative, UploadedAt = now, UploadedBy = actor };
        db.AllocationDatasets.Add(dataset);
        db.Audit(now, actor, "AllocationDataUploaded", $"Area data \"{dataset.Name}\" uploaded for {model.Name}");
        await db.SaveChangesAsync(cancellationToken);
        return dataset;
    }

    public Task<List<AllocationDataset>> DatasetsAsync(string modelKey, CancellationToken cancellationToken = default) =>
        db.AllocationDatasets.AsNoTracking().Where(d => d.Model == modelKey).OrderByDescending(d => d.UploadedAt).ThenByDescending(d => d.Id).ToListAsync(cancellationToken);

    public async Task<(AllocationDataset Dataset, AllocationResult Result)?> ResultAsync(string modelKey, int datasetId, CancellationToken cancellationToken = default)
    {
        var model = models.Find(modelKey);
        var dataset = await db.AllocationDatasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == datasetId && d.Model == modelKey, cancellationToken);
        return model is null || dataset is null ? null : (dataset, AllocationEngine.Allocate(model, AreaData.Parse(model, dataset.Csv)));
    }

    /// <summary>Gives each model its illustrative area data, once, so a fresh demo shows results.</summary>
    public async Task SeedIllustrativeAsync(CancellationToken cancellationToken = default)
    {
        foreach (var model in models.All)
        {
            if (models.IllustrativeCsv(model) is { } csv && !await db.AllocationDatasets.AnyAsync(d => d.Model == model.Key, cancellationToken))
            {
                await UploadAsync(model.Key, "Illustrative demo figures (not real data)", csv, "demo-seed", illustrative: true, cancellationToken);
            }
        }
    }
}
