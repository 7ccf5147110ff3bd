using Brokerage.Core.Reports;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Brokerage.Web.Pages.Reports.Sufficiency;

/// <summary>A report page with a period picker: a GET form, so a report can be bookmarked and shared.</summary>
public interface IReportPeriodPage
{
    DateParts From { get; }
    DateParts To { get; }
}

public static class ReportPeriodInput
{
    /// <summary>
    /// The period the page's date inputs give. An end left empty is the fallback's; when the
    /// period cannot be read the errors are in ModelState and the fallback is used, so the page
    /// still shows a report beside them.
    /// </summary>
    public static ReportPeriod ReadPeriod(this ModelStateDictionary modelState, IReportPeriodPage page, ReportPeriod fallback)
    {
        var start = modelState.ReadDate(page.From, nameof(page.From), "the start of the period", required: false) ?? fallback.From;
        var end = modelState.ReadDate(page.To, nameof(page.To), "the end of the period", required: false) ?? fallback.To;
        if (!modelState.IsValid)
        {
            return fallback;
        }

        if (end < start)
        {
            modelState.AddModelError(nameof(page.To), "The end of the period must be on or after its start");
            return fallback;
        }

        return new ReportPeriod(start, end);
    }
}
