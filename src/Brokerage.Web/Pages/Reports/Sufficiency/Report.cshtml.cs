using Brokerage.Core.Reports;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Reports.Sufficiency;

/// <summary>One report for a period: the table, a chart beside it, and the figures as CSV.</summary>
public class ReportModel(SufficiencyReports reports) : PageModel, IReportPeriodPage
{
    [BindProperty(SupportsGet = true)] public DateParts From { get; set; } = new();
    [BindProperty(SupportsGet = true)] public DateParts To { get; set; } = new();
    public ReportPeriod Period { get; private set; } = null!;
    public ReportTable Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken) =>
        await LoadAsync(key, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnGetCsvAsync(string key, CancellationToken cancellationToken) =>
        await LoadAsync(key, cancellationToken)
            ? File(System.Text.Encoding.UTF8.GetBytes(Report.ToCsv()), "text/csv", $"{key}-{Period.From:yyyy-MM-dd}-to-{Period.To:yyyy-MM-dd}.csv")
            : NotFound();

    private async Task<bool> LoadAsync(string key, CancellationToken cancellationToken)
    {
        Period = ReportPeriodForm.Read(From, To, reports.DefaultPeriod(), ModelState);
        From = DateParts.From(Period.From);
        To = DateParts.From(Period.To);
        var report = await reports.BuildAsync(key, Period, cancellationToken);
        if (report is null)
        {
            return false;
        }

        Report = report;
        return true;
    }
}
