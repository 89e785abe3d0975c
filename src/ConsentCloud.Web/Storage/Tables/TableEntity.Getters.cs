namespace ConsentCloud.Web.Storage;

/// <summary>
/// Typed getters: null when the property is missing, <see cref="InvalidOperationException"/> when it holds
/// another type. Lossless widenings are allowed (int → long/double, DateTime ↔ DateTimeOffset, byte[] ↔ BinaryData).
/// </summary>
public partial class TableEntity
{
    public string? GetString(string key) => Get(key) switch
    {
        null => null,
        string value => value,
        var other => throw Mismatch(key, other, "String"),
    };

    public int? GetInt32(string key) => Get(key) switch
    {
        null => null,
        int value => value,
        var other => throw Mismatch(key, other, "Int32"),
    };

    public long? GetInt64(string key) => Get(key) switch
    {
        null => null,
        long value => value,
        int value => value,
        var other => throw Mismatch(key, other, "Int64"),
    };

    public double? GetDouble(string key) => Get(key) switch
    {
        null => null,
        double value => value,
        int value => value,
        var other => throw Mismatch(key, other, "Double"),
    };

    public bool? GetBoolean(string key) => Get(key) switch
    {
        null => null,
        bool value => value,
        var other => throw Mismatch(key, other, "Boolean"),
    };

    public DateTimeOffset? GetDateTimeOffset(string key) => Get(key) switch
    {
        null => null,
        DateTimeOffset value => value,
        DateTime value => new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime()),
        var other => throw Mismatch(key, other, "DateTimeOffset"),
    };

    /// <summary>The value as a UTC <see cref="DateTime"/>.</summary>
    public DateTime? GetDateTime(string key) => GetDateTimeOffset(key)?.UtcDateTime;

    public Guid? GetGuid(string key) => Get(key) switch
    {
        null => null,
        Guid value => value,
        var other => throw Mismatch(key, other, "Guid"),
    };

    public byte[]? GetBinary(string key) => Get(key) switch
    {
        null => null,
        byte[] value => value,
        BinaryData value => value.ToArray(),
        var other => throw Mismatch(key, other, "Binary"),
    };

    public BinaryData? GetBinaryData(string key) => Get(key) switch
    {
        null => null,
        BinaryData value => value,
        byte[] value => BinaryData.FromBytes(value),
        var other => throw Mismatch(key, other, "Binary"),
    };

    private object? Get(string key) => _properties.TryGetValue(key, out var value) ? value : null;

    // Names the property and both types, never the value.
    private static InvalidOperationException Mismatch(string key, object value, string wanted) =>
        new($"Property '{key}' holds a {value.GetType().Name}, not a {wanted}.");
}
