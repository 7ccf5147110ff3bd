using Brokerage.Core.Council;
using Brokerage.Core.Reports;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Pages.Reports.Sufficiency;

/// <summary>The sufficiency reports for a period, each opened on its own page, and all of them as a PDF pack.</summary>
public class IndexModel(SufficiencyReports reports, TimeProvider time, IOptions<CouncilOptions> council) : PageModel, IReportPeriodPage, IPageWithState
{
    [BindProperty(SupportsGet = true)] public DateParts From { get; set; } = new();
    [BindProperty(SupportsGet = true)] public DateParts To { get; set; } = new();
    public ReportPeriod Period { get; private set; } = null!;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnGetPackAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var pdf = ReportPackDocument.Render(await reports.BuildAllAsync(Period, cancellationToken), Period, time.GetUtcNow().UtcDateTime, council.Value);
        return File(pdf, "application/pdf", $"sufficiency-reports-{Period.From:yyyy-MM-dd}-to-{Period.To:yyyy-MM-dd}.pdf");
    }

    public Task LoadAsync(CancellationToken cancellationToken)
    {
        Period = ModelState.ReadPeriod(this, reports.DefaultPeriod());
        From = DateParts.From(Period.From);
        To = DateParts.From(Period.To);
        return Task.CompletedTask;
    }
}
