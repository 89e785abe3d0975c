using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Azure;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// The OData JSON of an entity. Writes annotate the types JSON cannot carry (Int64 as a string, DateTime, Guid,
/// Binary, Double); reads use the <c>@odata.type</c> annotations of <c>odata=minimalmetadata</c> to restore them.
/// </summary>
internal static class TableEntityJson
{
    private const string TypeSuffix = "@odata.type";
    private const string DateFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static byte[] Serialize(ITableEntity entity)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in Properties(entity))
            {
                WriteProperty(writer, name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static T Deserialize<T>(JsonElement json)
        where T : class, ITableEntity, new()
    {
        var entity = new T();
        if (entity is not TableEntity bag)
        {
            throw new NotSupportedException($"Only {nameof(TableEntity)} and its subclasses are supported, not {typeof(T).Name}.");
        }

        foreach (var property in json.EnumerateObject())
        {
            var name = property.Name;
            if (name.EndsWith(TypeSuffix, StringComparison.Ordinal) || (name.StartsWith("odata.", StringComparison.Ordinal) && name != TableEntity.ETagName))
            {
                continue;
            }

            var edmType = json.TryGetProperty(name + TypeSuffix, out var annotation) ? annotation.GetString() : null;
            bag[name] = name == TableEntity.TimestampName ? ReadDate(property.Value) : ReadValue(property.Value, edmType);
        }

        return entity;
    }

    private static IEnumerable<KeyValuePair<string, object?>> Properties(ITableEntity entity)
    {
        if (entity is not TableEntity bag)
        {
            throw new NotSupportedException($"Only {nameof(TableEntity)} and its subclasses are supported, not {entity.GetType().Name}.");
        }

        // Timestamp and the ETag are the service's to set; null properties are simply not stored.
        return bag.Where(p => p.Value is not null && p.Key is not (TableEntity.TimestampName or TableEntity.ETagName));
    }

    private static void WriteProperty(Utf8JsonWriter writer, string name, object? value)
    {
        switch (value)
        {
            case string s:
                writer.WriteString(name, s);
                break;
            case int i:
                writer.WriteNumber(name, i);
                break;
            case long l:
                writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                writer.WriteString(name + TypeSuffix, "Edm.Int64");
                break;
            case double d when double.IsFinite(d):
                writer.WriteNumber(name, d);
                writer.WriteString(name + TypeSuffix, "Edm.Double");
                break;
            case double d:
                writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                writer.WriteString(name + TypeSuffix, "Edm.Double");
                break;
            case bool b:
                writer.WriteBoolean(name, b);
                break;
            case DateTimeOffset dto:
                WriteDate(writer, name, dto.UtcDateTime);
                break;
            case DateTime dt:
                WriteDate(writer, name, dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime());
                break;
            case Guid g:
                writer.WriteString(name, g.ToString("D"));
                writer.WriteString(name + TypeSuffix, "Edm.Guid");
                break;
            case byte[] bytes:
                writer.WriteBase64String(name, bytes);
                writer.WriteString(name + TypeSuffix, "Edm.Binary");
                break;
            case BinaryData data:
                writer.WriteBase64String(name, data.ToMemory().Span);
                writer.WriteString(name + TypeSuffix, "Edm.Binary");
                break;
            default:
                throw new NotSupportedException($"Property '{name}' has unsupported type {value!.GetType().Name}.");
        }
    }

    private static void WriteDate(Utf8JsonWriter writer, string name, DateTime utc)
    {
        writer.WriteString(name, utc.ToString(DateFormat, CultureInfo.InvariantCulture));
        writer.WriteString(name + TypeSuffix, "Edm.DateTime");
    }

    private static object? ReadValue(JsonElement value, string? edmType) => edmType switch
    {
        "Edm.Int64" => value.ValueKind == JsonValueKind.String
            ? long.Parse(value.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : value.GetInt64(),
        "Edm.Int32" => value.GetInt32(),
        "Edm.Double" => value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture)
            : value.GetDouble(),
        "Edm.DateTime" => ReadDate(value),
        "Edm.Guid" => Guid.Parse(value.GetString()!, CultureInfo.InvariantCulture),
        "Edm.Binary" => value.GetBytesFromBase64(),
        _ => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.TryGetInt32(out var i) ? (object)i : value.GetDouble(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw new NotSupportedException($"Unexpected JSON {value.ValueKind} in a table entity."),
        },
    };

    private static DateTimeOffset ReadDate(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>The ETag of an entity body (<c>odata.etag</c>), else the response header.</summary>
    public static ETag ReadETag(JsonElement json, Response response) =>
        json.TryGetProperty(TableEntity.ETagName, out var etag) && etag.GetString() is { } value
            ? new ETag(value)
            : response.Headers.ETag ?? default;
}
