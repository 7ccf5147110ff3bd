using System.Text;

namespace Brokerage.Core.Common;

/// <summary>A problem in an uploaded CSV file, with the row (1 is the header) and column at fault.</summary>
public sealed record CsvProblem(int Row, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"Row {Row}: {Message}" : $"Row {Row}, column {Column}: {Message}";
}

/// <summary>Reads the CSV files people upload (area data, Ofsted's list of providers): one record per line, double quotes honoured.</summary>
public static class CsvText
{
    /// <summary>The non-blank lines of a file with their row numbers (1 is the first line), a byte-order mark dropped.</summary>
    public static List<(int Row, string Text)> Lines(string csv) =>
        csv.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select((text, i) => (Row: i + 1, Text: text)).Where(l => l.Text.Trim().Length > 0).ToList();

    /// <summary>Splits one CSV line, honouring double quotes.</summary>
    public static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
