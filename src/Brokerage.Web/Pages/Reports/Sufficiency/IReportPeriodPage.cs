using Brokerage.Web.Infrastructure;

namespace Brokerage.Web.Pages.Reports.Sufficiency;

/// <summary>A report page with a period picker.</summary>
public interface IReportPeriodPage
{
    DateParts From { get; }
    DateParts To { get; }
}
