namespace Brokerage.Web.Infrastructure;

/// <summary>Model for the shared GOV.UK date input partial.</summary>
public sealed record DateInputModel(string Key, string Legend, string? Hint, DateParts Value, bool LegendIsHeading = false);

/// <summary>Model for the shared GOV.UK textarea partial.</summary>
public sealed record TextareaModel(string Key, string Label, string? Hint, string? Value, int Rows = 4, string LabelClass = "govuk-label--s");
