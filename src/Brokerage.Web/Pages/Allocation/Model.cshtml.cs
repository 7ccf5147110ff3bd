using Brokerage.Core.Allocation;
using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Domain;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Pages.Allocation;

/// <summary>One model: its method in plain English, its weights, area data uploads and their results.</summary>
public class ModelModel(AllocationModels models, AllocationService allocation, TimeProvider time, IOptions<CouncilOptions> council, BrokerageLinks links)
    : PageModel, IPageWithState, IPageWithFieldNames
{
    [FromRoute] public string Key { get; set; } = "";

    public AllocationModel Allocation { get; private set; } = null!;
    public IReadOnlyList<AllocationDataset> Datasets { get; private set; } = [];
    public AllocationDataset? Dataset { get; private set; }
    public AllocationResult? Result { get; private set; }

    /// <summary>
    /// What is wrong with an uploaded file, row by row: the service reports them as further
    /// errors on the file, after the one line the error summary shows.
    /// </summary>
    public IEnumerable<string> Problems =>
        ModelState.TryGetValue(nameof(AreaFile), out var entry) ? entry.Errors.Skip(1).Select(e => e.ErrorMessage) : [];

    [BindProperty(SupportsGet = true)] public int? DatasetId { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public IFormFile? AreaFile { get; set; }

    public void OnGet()
    {
    }

    public IActionResult OnGetTemplate() =>
        File(System.Text.Encoding.UTF8.GetBytes(AreaData.Template(Allocation)), "text/csv", $"{Key}-template.csv");

    public IActionResult OnGetCsv() =>
        File(System.Text.Encoding.UTF8.GetBytes(AllocationDocument.Csv(ShownResult)), "text/csv", $"{Key}-{Dataset!.Id}-results.csv");

    public IActionResult OnGetPdf() =>
        File(AllocationDocument.Pdf(ShownResult, Dataset!.Name, Dataset.Illustrative, time.GetUtcNow().UtcDateTime, council.Value), "application/pdf", $"{Key}-{Dataset.Id}-results.pdf");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Only the two boxes are read: a hand-made data set id has nothing to do with an upload.
        ModelState.Clear();
        if (AreaFile is null || AreaFile.Length == 0)
        {
            ModelState.AddModelError(nameof(AreaFile), "Select a CSV file of area data");
        }
        else if (AreaFile.Length > AreaData.MaxBytes)
        {
            ModelState.AddModelError(nameof(AreaFile), $"The file must be smaller than {AreaData.MaxBytes / 1000} KB");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        string csv;
        using (var reader = new StreamReader(AreaFile!.OpenReadStream(), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            csv = await reader.ReadToEndAsync(cancellationToken);
        }

        var dataset = await allocation.UploadAsync(Key, Name, csv, User.Actor(), cancellationToken: cancellationToken);
        return Redirect(links.AllocationModel(Key, dataset.Id));
    }

    public string FieldKey(string domainField) => domainField == AllocationService.CsvField ? nameof(AreaFile) : domainField;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Allocation = models.Find(Key) ?? throw new NotFoundException($"No allocation model called {Key}");
        Datasets = await allocation.DatasetsAsync(Key, cancellationToken);
        if ((DatasetId ?? Datasets.FirstOrDefault()?.Id) is { } datasetId && await allocation.ResultAsync(Key, datasetId, cancellationToken) is { } found)
        {
            (Dataset, Result) = found;
        }
    }

    /// <summary>The results on show, for the downloads: none (a data set that is not this model's, or no data yet) is the 404 page.</summary>
    private AllocationResult ShownResult => Result ?? throw new NotFoundException($"No results to download for {Key}");
}
