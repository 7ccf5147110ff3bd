using Brokerage.Core.Allocation;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Allocation;

/// <summary>One model: its method in plain English, its weights, area data uploads and their results.</summary>
public class ModelModel(AllocationModels models, AllocationService allocation, TimeProvider time) : PageModel
{
    public AllocationModel Allocation { get; private set; } = null!;
    public IReadOnlyList<AllocationDataset> Datasets { get; private set; } = [];
    public AllocationDataset? Dataset { get; private set; }
    public AllocationResult? Result { get; private set; }
    public IReadOnlyList<CsvProblem> Problems { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public int? DatasetId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public IFormFile? AreaFile { get; set; }

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken) =>
        await LoadAsync(key, cancellationToken) ? Page() : NotFound();

    public IActionResult OnGetTemplate(string key) =>
        models.Find(key) is { } model ? File(System.Text.Encoding.UTF8.GetBytes(AreaData.Template(model)), "text/csv", $"{key}-template.csv") : NotFound();

    public async Task<IActionResult> OnGetCsvAsync(string key, CancellationToken cancellationToken) =>
        await LoadAsync(key, cancellationToken) && Result is not null
            ? File(System.Text.Encoding.UTF8.GetBytes(AllocationDocument.Csv(Result)), "text/csv", $"{key}-{Dataset!.Id}-results.csv")
            : NotFound();

    public async Task<IActionResult> OnGetPdfAsync(string key, CancellationToken cancellationToken) =>
        await LoadAsync(key, cancellationToken) && Result is not null
            ? File(AllocationDocument.Pdf(Result, Dataset!.Name, Dataset.Illustrative, time.GetUtcNow().UtcDateTime), "application/pdf", $"{key}-{Dataset.Id}-results.pdf")
            : NotFound();

    public async Task<IActionResult> OnPostAsync(string key, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (AreaFile is null || AreaFile.Length == 0)
        {
            ModelState.AddModelError(nameof(AreaFile), "Select a CSV file of area data");
        }
        else if (AreaFile.Length > AreaData.MaxBytes)
        {
            ModelState.AddModelError(nameof(AreaFile), $"The file must be smaller than {AreaData.MaxBytes / 1000} KB");
        }

        if (ModelState.IsValid)
        {
            string csv;
            using (var reader = new StreamReader(AreaFile!.OpenReadStream(), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
            {
                csv = await reader.ReadToEndAsync(cancellationToken);
            }

            try
            {
                var dataset = await allocation.UploadAsync(key, Name, csv, User.Actor(), cancellationToken: cancellationToken);
                return Redirect($"/allocation/{key}?DatasetId={dataset.Id}");
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
            catch (ValidationFailedException ex)
            {
                ModelState.AddFieldErrors(ex.Errors);
            }
            catch (AreaDataException ex)
            {
                Problems = ex.Problems;
                ModelState.AddModelError(nameof(AreaFile), $"The file has {ex.Problems.Count} problem{(ex.Problems.Count == 1 ? "" : "s")}, listed below. Nothing has been saved");
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await LoadAsync(key, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string key, CancellationToken cancellationToken)
    {
        var model = models.Find(key);
        if (model is null)
        {
            return false;
        }

        Allocation = model;
        Datasets = await allocation.DatasetsAsync(key, cancellationToken);
        var id = DatasetId ?? Datasets.FirstOrDefault()?.Id;
        if (id is { } datasetId && await allocation.ResultAsync(key, datasetId, cancellationToken) is { } found)
        {
            (Dataset, Result) = found;
        }

        return true;
    }
}
