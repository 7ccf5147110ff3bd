using Brokerage.Core.Common;
using Brokerage.Core.Reports;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Reports.Sufficiency;

/// <summary>One report for a period: the table, a chart beside it, and the figures as CSV.</summary>
public class ReportModel(SufficiencyReports reports) : PageModel, IReportPeriodPage, IPageWithState
{
    [FromRoute] public string Key { get; set; } = "";
    [BindProperty(SupportsGet = true)] public DateParts From { get; set; } = new();
    [BindProperty(SupportsGet = true)] public DateParts To { get; set; } = new();
    public ReportPeriod Period { get; private set; } = null!;
    public ReportTable Report { get; private set; } = null!;

    public void OnGet()
    {
    }

    public IActionResult OnGetCsv() =>
        File(System.Text.Encoding.UTF8.GetBytes(Report.ToCsv()), "text/csv", $"{Report.Key}-{Period.From:yyyy-MM-dd}-to-{Period.To:yyyy-MM-dd}.csv");

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Period = ModelState.ReadPeriod(this, reports.DefaultPeriod());
        From = DateParts.From(Period.From);
        To = DateParts.From(Period.To);
        Report = await reports.BuildAsync(Key, Period, cancellationToken) ?? throw new NotFoundException($"No sufficiency report called {Key}");
    }
}
