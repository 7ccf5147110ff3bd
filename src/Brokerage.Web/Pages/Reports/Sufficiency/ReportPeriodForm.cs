using Brokerage.Core.Reports;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Brokerage.Web.Pages.Reports.Sufficiency;

/// <summary>The period the reports cover, read from the address so a report can be bookmarked and shared.</summary>
public static class ReportPeriodForm
{
    public static ReportPeriod Read(DateParts from, DateParts to, ReportPeriod fallback, ModelStateDictionary modelState)
    {
        var start = Date(from, "From", "start", fallback.From, modelState);
        var end = Date(to, "To", "end", fallback.To, modelState);
        if (end < start)
        {
            modelState.AddModelError("To", "The end of the period must be on or after its start");
            return fallback;
        }

        return modelState.IsValid ? new ReportPeriod(start, end) : fallback;
    }

    public static string Query(ReportPeriod period) =>
        $"From.Day={period.From.Day}&From.Month={period.From.Month}&From.Year={period.From.Year}&To.Day={period.To.Day}&To.Month={period.To.Month}&To.Year={period.To.Year}";

    private static DateOnly Date(DateParts parts, string key, string label, DateOnly fallback, ModelStateDictionary modelState)
    {
        if (parts.IsEmpty)
        {
            return fallback;
        }

        if (parts.ToDate() is { } date)
        {
            return date;
        }

        modelState.AddModelError(key, $"The {label} of the period must be a real date");
        return fallback;
    }
}
