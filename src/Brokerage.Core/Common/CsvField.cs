using System.Globalization;

namespace Brokerage.Core.Common;

/// <summary>
/// One field of every CSV Brokerage writes (audit trail, reports, allocation results): quoted when
/// it holds a comma, quote or line break, and defused when a spreadsheet would run it as a formula
/// (text starting =, +, -, @, tab or carriage return gets a leading apostrophe; a number such as -3
/// stays a number).
/// </summary>
public static class CsvField
{
    public static string Of(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
