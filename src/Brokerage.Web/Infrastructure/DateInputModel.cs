namespace Brokerage.Web.Infrastructure;

/// <summary>Model for the shared GOV.UK date input partial.</summary>
public sealed record DateInputModel(string Key, string Legend, string? Hint, DateParts Value, bool LegendIsHeading = false);
