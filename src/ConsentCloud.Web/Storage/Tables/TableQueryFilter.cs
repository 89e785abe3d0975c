using System.Globalization;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// Formats OData filter literals so values are never spliced into a query unescaped
/// (the implementation of <see cref="TableClient.CreateQueryFilter(FormattableString)"/>).
/// </summary>
internal static class TableQueryFilter
{
    public static string Create(FormattableString filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var arguments = filter.GetArguments().Select(Literal).ToArray<object?>();
        return string.Format(CultureInfo.InvariantCulture, filter.Format, arguments);
    }

    public static string Literal(object? value) => value switch
    {
        null => "null",
        string s => Quote(s),
        char c => Quote(c.ToString()),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d => DoubleLiteral(d),
        DateTimeOffset dto => $"datetime'{dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)}'",
        DateTime dt => Literal(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime())),
        Guid g => $"guid'{g:D}'",
        byte[] bytes => $"X'{Convert.ToHexStringLower(bytes)}'",
        BinaryData data => $"X'{Convert.ToHexStringLower(data.ToMemory().Span)}'",
        _ => throw new ArgumentException($"Type {value.GetType().Name} cannot be used in a table query filter.", nameof(value)),
    };

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    // Integral doubles keep a ".0" so the service compares them as Edm.Double, not Edm.Int32.
    private static string DoubleLiteral(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.IsFinite(value) && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal)
            ? text + ".0"
            : text;
    }
}
