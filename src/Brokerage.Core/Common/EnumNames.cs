namespace Brokerage.Core.Common;

/// <summary>
/// Reads an enum value from text by its exact name only. <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/>
/// would also take "1", "0" or "Female, Male" and quietly map them to some value: a child stored
/// as the wrong gender, or a need nobody asked for.
/// </summary>
public static class EnumNames
{
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        var found = TryParse(typeof(TEnum), text, out var parsed);
        value = found ? (TEnum)parsed! : default;
        return found;
    }

    public static bool TryParse(Type enumType, string? text, out object? value)
    {
        value = text is not null && Enum.GetNames(enumType).Contains(text, StringComparer.Ordinal) ? Enum.Parse(enumType, text) : null;
        return value is not null;
    }
}
