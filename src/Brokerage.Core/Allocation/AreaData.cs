using System.Globalization;
using Brokerage.Core.Common;

namespace Brokerage.Core.Allocation;

public sealed class AreaDataException(IReadOnlyList<CsvProblem> problems) : Exception(string.Join("; ", problems))
{
    public IReadOnlyList<CsvProblem> Problems { get; } = problems;
}

public sealed record Area(string Name, IReadOnlyDictionary<string, double> Values);

/// <summary>
/// Reads area data for a model from CSV: a header row starting "area" and naming every column the
/// model uses (others are ignored), then one row per area with non-negative numbers.
/// </summary>
public static class AreaData
{
    public const int MaxAreas = 500;
    public const int MaxBytes = 1_000_000;

    /// <summary>The header and one example row a partner can fill in.</summary>
    public static string Template(AllocationModel model) =>
        "area," + string.Join(",", model.Columns) + "\n" + "Example area," + string.Join(",", model.Columns.Select(_ => "0")) + "\n";

    public static IReadOnlyList<Area> Parse(AllocationModel model, string csv)
    {
        var problems = new List<CsvProblem>();
        if (csv.Length > MaxBytes)
        {
            throw new AreaDataException([new CsvProblem(1, null, $"The file is larger than {MaxBytes / 1000} KB")]);
        }

        var lines = CsvText.Lines(csv);
        if (lines.Count == 0)
        {
            throw new AreaDataException([new CsvProblem(1, null, "The file is empty")]);
        }

        var header = CsvText.Fields(lines[0].Text).Select(h => h.Trim()).ToList();
        if (header.Count == 0 || !string.Equals(header[0], "area", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new CsvProblem(1, header.FirstOrDefault(), "The first column must be \"area\""));
        }

        foreach (var missing in model.Columns.Where(c => !header.Contains(c, StringComparer.Ordinal)))
        {
            problems.Add(new CsvProblem(1, missing, "This column is missing from the header"));
        }

        if (problems.Count > 0)
        {
            throw new AreaDataException(problems);
        }

        var denominators = model.Thresholds.Select(t => t.Denominator).ToHashSet(StringComparer.Ordinal);
        var areas = new List<Area>();
        foreach (var (row, text) in lines.Skip(1))
        {
            var fields = CsvText.Fields(text);
            if (fields.Count != header.Count)
            {
                problems.Add(new CsvProblem(row, null, $"It has {fields.Count} values but the header has {header.Count}"));
                continue;
            }

            var name = fields[0].Trim();
            if (name.Length is 0 or > 100)
            {
                problems.Add(new CsvProblem(row, "area", "Enter the area's name, 100 characters or fewer"));
            }
            else if (areas.Any(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(new CsvProblem(row, "area", $"\"{name}\" appears twice"));
            }

            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var column in model.Columns)
            {
                var raw = fields[header.IndexOf(column)].Trim();
                if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    problems.Add(new CsvProblem(row, column, $"\"{raw}\" is not a number"));
                }
                else if (value < 0)
                {
                    problems.Add(new CsvProblem(row, column, "Must not be negative"));
                }
                else if (value == 0 && denominators.Contains(column))
                {
                    problems.Add(new CsvProblem(row, column, "Must be more than 0: other figures are divided by it"));
                }
                else
                {
                    values[column] = value;
                }
            }

            areas.Add(new Area(name, values));
        }

        if (areas.Count < 2)
        {
            problems.Add(new CsvProblem(lines[^1].Row, null, "At least two areas are needed to share anything"));
        }
        else if (areas.Count > MaxAreas)
        {
            problems.Add(new CsvProblem(lines[^1].Row, null, $"At most {MaxAreas} areas"));
        }

        foreach (var factor in model.Factors.Where(f => f.Direction == FactorDirection.Share))
        {
            if (problems.Count == 0 && areas.Sum(a => a.Values[factor.Column]) <= 0)
            {
                problems.Add(new CsvProblem(2, factor.Column, "Every area is 0, so there is nothing to share by"));
            }
        }

        return problems.Count > 0 ? throw new AreaDataException(problems) : areas;
    }
}
