using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Directory.Import;

/// <summary>Uploads Ofsted's list of providers: checked whole first, then imported, or only checked.</summary>
public class IndexModel(OfstedImport import) : PageModel, IPageWithFieldNames
{
    [BindProperty] public IFormFile? ListFile { get; set; }

    public ImportResult? Result { get; private set; }

    /// <summary>Each problem in a refused file, row and column: the service reports them after the one line the error summary shows.</summary>
    public IEnumerable<string> Problems =>
        ModelState.TryGetValue(nameof(ListFile), out var entry) ? entry.Errors.Skip(1).Select(e => e.ErrorMessage) : [];

    public void OnGet()
    {
    }

    public Task<IActionResult> OnPostCheckAsync(CancellationToken cancellationToken) => RunAsync(apply: false, cancellationToken);

    public Task<IActionResult> OnPostImportAsync(CancellationToken cancellationToken) => RunAsync(apply: true, cancellationToken);

    public string FieldKey(string domainField) => domainField == OfstedImport.FileField ? nameof(ListFile) : domainField;

    private async Task<IActionResult> RunAsync(bool apply, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (ListFile is null || ListFile.Length == 0)
        {
            ModelState.AddModelError(nameof(ListFile), "Select a CSV file of Ofsted's list of providers");
            return Page();
        }

        if (ListFile.Length > OfstedImport.MaxBytes)
        {
            ModelState.AddModelError(nameof(ListFile), $"The file must be smaller than {OfstedImport.MaxBytes / 1_000_000} MB");
            return Page();
        }

        string csv;
        using (var reader = new StreamReader(ListFile.OpenReadStream(), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            csv = await reader.ReadToEndAsync(cancellationToken);
        }

        Result = await import.ImportAsync(csv, DirectoryActor.Council(User.Actor()), apply, cancellationToken);
        return Page();
    }
}
