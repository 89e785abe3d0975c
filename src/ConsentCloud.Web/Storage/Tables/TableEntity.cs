using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Azure;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// A schemaless entity: a case-sensitive property bag plus typed getters, shaped like Azure.Data.Tables' TableEntity.
/// Supported values: string, int, long, double, bool, DateTimeOffset, DateTime (UTC), Guid, byte[], BinaryData.
/// The system properties live in the bag under their wire names (<c>PartitionKey</c>, <c>RowKey</c>,
/// <c>Timestamp</c>, <c>odata.etag</c>). Subclass it to give a store typed accessors; no reflection is involved.
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named after Azure.Data.Tables.TableEntity so the real package can replace it.")]
public partial class TableEntity : ITableEntity, IDictionary<string, object?>
{
    internal const string PartitionKeyName = "PartitionKey";
    internal const string RowKeyName = "RowKey";
    internal const string TimestampName = "Timestamp";
    internal const string ETagName = "odata.etag";

    private readonly Dictionary<string, object?> _properties = new(StringComparer.Ordinal);

    public TableEntity()
    {
    }

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public TableEntity(IDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, value) in values)
        {
            _properties[key] = value;
        }
    }

    /// <summary>The partition key; null until set (a client refuses to send an entity without one).</summary>
    public string PartitionKey
    {
        get => GetString(PartitionKeyName)!;
        set => _properties[PartitionKeyName] = value;
    }

    /// <summary>The row key; null until set (a client refuses to send an entity without one).</summary>
    public string RowKey
    {
        get => GetString(RowKeyName)!;
        set => _properties[RowKeyName] = value;
    }

    public DateTimeOffset? Timestamp
    {
        get => GetDateTimeOffset(TimestampName);
        set => _properties[TimestampName] = value;
    }

    public ETag ETag
    {
        get => _properties.TryGetValue(ETagName, out var value) && value is string etag ? new ETag(etag) : default;
        set
        {
            if (value == default)
            {
                _properties.Remove(ETagName);
            }
            else
            {
                _properties[ETagName] = value.ToString();
            }
        }
    }

    /// <summary>The value, or null when the property is missing (like Azure.Data.Tables).</summary>
    public object? this[string key]
    {
        get => _properties.TryGetValue(key, out var value) ? value : null;
        set => _properties[key] = value;
    }

    public ICollection<string> Keys => _properties.Keys;

    public ICollection<object?> Values => _properties.Values;

    public int Count => _properties.Count;

    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;

    public void Add(string key, object? value) => _properties.Add(key, value);

    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    public bool Remove(string key) => _properties.Remove(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _properties.TryGetValue(key, out value);

    public void Clear() => _properties.Clear();

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    void ICollection<KeyValuePair<string, object?>>.Add(KeyValuePair<string, object?> item) => _properties.Add(item.Key, item.Value);

    bool ICollection<KeyValuePair<string, object?>>.Contains(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Contains(item);

    void ICollection<KeyValuePair<string, object?>>.CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).CopyTo(array, arrayIndex);

    bool ICollection<KeyValuePair<string, object?>>.Remove(KeyValuePair<string, object?> item) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).Remove(item);
}
