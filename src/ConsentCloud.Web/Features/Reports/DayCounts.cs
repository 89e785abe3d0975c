using System.Text.Json;
using ConsentCloud.Web.Features.Consents;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>
/// One site's decisions of one UTC day, counted: in all, by method, by language, and per category how many decisions
/// offered it and how many granted it (the grant rate is granted / offered: a category added mid-range is not diluted
/// by the decisions made before it existed). Keys are bounded (<see cref="MaxKeys"/>): category ids and languages
/// come from published revisions, never from free text.
/// </summary>
public sealed class DayCounts
{
    public const int MaxKeys = 64;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public long Total { get; set; }
    public Dictionary<string, long> Methods { get; init; } = [];
    public Dictionary<string, long> Languages { get; init; } = [];
    public Dictionary<string, long> Offered { get; init; } = [];
    public Dictionary<string, long> Granted { get; init; } = [];

    public void Add(ConsentRecord record)
    {
        Total++;
        Increment(Methods, ConsentStates.MethodName(record.Method), 1);
        Increment(Languages, record.Language, 1);
        foreach (var (category, granted) in record.Choices)
        {
            Increment(Offered, category, 1);
            if (granted)
            {
                Increment(Granted, category, 1);
            }
        }
    }

    public void Add(DayCounts other)
    {
        Total += other.Total;
        Merge(Methods, other.Methods);
        Merge(Languages, other.Languages);
        Merge(Offered, other.Offered);
        Merge(Granted, other.Granted);
    }

    public DayCounts Copy()
    {
        var copy = new DayCounts();
        copy.Add(this);
        return copy;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DayCounts FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new DayCounts();
        }

        return JsonSerializer.Deserialize<DayCounts>(json, Json) ?? new DayCounts();
    }

    private static void Merge(Dictionary<string, long> into, Dictionary<string, long> from)
    {
        foreach (var (key, value) in from)
        {
            Increment(into, key, value);
        }
    }

    private static void Increment(Dictionary<string, long> counts, string key, long by)
    {
        if (counts.TryGetValue(key, out var value))
        {
            counts[key] = value + by;
        }
        else if (counts.Count < MaxKeys)
        {
            counts[key] = by;
        }
    }
}
