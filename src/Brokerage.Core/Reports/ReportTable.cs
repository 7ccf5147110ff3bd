using Brokerage.Core.Common;
using System.Globalization;
using System.Text;

namespace Brokerage.Core.Reports;

/// <summary>A chosen period, in UK dates, both ends included.</summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To)
{
    public DateTime FromUtc => UkTime.ToUtc(From.ToDateTime(TimeOnly.MinValue));
    public DateTime ToUtcExclusive => UkTime.ToUtc(To.AddDays(1).ToDateTime(TimeOnly.MinValue));

    public override string ToString() => $"{UkTime.Format(From)} to {UkTime.Format(To)}";
}

public sealed record ChartBar(string Label, double Value);

/// <summary>One report: an accessible table, the figures its chart draws, and its CSV.</summary>
public sealed record ReportTable(
    string Key,
    string Title,
    string Summary,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    string ChartTitle,
    string ChartUnit,
    IReadOnlyList<ChartBar> Chart)
{
    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", Columns.Select(CsvField.Of)));
        foreach (var row in Rows)
        {
            csv.AppendLine(string.Join(",", row.Select(CsvField.Of)));
        }

        return csv.ToString();
    }
}

internal static class Figures
{
    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"12 (34.5%)"; a share of nothing is shown as 0%.</summary>
    public static string CountAndShare(int n, int total) => $"{Count(n)} ({Percent(n, total)})";

    public static string Percent(int n, int total) => Share(n, total).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static double Share(int n, int total) => total == 0 ? 0 : Math.Round(100.0 * n / total, 1);

    public static string Days(double? days) => days is { } d ? d.ToString("0.0", CultureInfo.InvariantCulture) : "–";

    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
