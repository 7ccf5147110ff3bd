using Brokerage.Core.Reports;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Reports.Sufficiency;

/// <summary>The sufficiency reports for a period, each opened on its own page, and all of them as a PDF pack.</summary>
public class IndexModel(SufficiencyReports reports, TimeProvider time) : PageModel, IReportPeriodPage
{
    [BindProperty(SupportsGet = true)] public DateParts From { get; set; } = new();
    [BindProperty(SupportsGet = true)] public DateParts To { get; set; } = new();
    public ReportPeriod Period { get; private set; } = null!;

    public void OnGet() => Read();

    public async Task<IActionResult> OnGetPackAsync(CancellationToken cancellationToken)
    {
        Read();
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var pdf = ReportPackDocument.Render(await reports.BuildAllAsync(Period, cancellationToken), Period, time.GetUtcNow().UtcDateTime);
        return File(pdf, "application/pdf", $"sufficiency-reports-{Period.From:yyyy-MM-dd}-to-{Period.To:yyyy-MM-dd}.pdf");
    }

    private void Read()
    {
        Period = ReportPeriodForm.Read(From, To, reports.DefaultPeriod(), ModelState);
        From = DateParts.From(Period.From);
        To = DateParts.From(Period.To);
    }
}
