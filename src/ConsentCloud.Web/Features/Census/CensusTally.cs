using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace ConsentCloud.Web.Features.Census;

/// <summary>How often one name (or host) was seen: on how many sampled page views, how many of them before any decision,
/// how many with no optional category granted (before a decision, or after a refusal), and how many with each category granted.</summary>
public sealed class CensusCounts
{
    public long Views { get; set; }
    public long Undecided { get; set; }
    public long NoConsent { get; set; }
    public Dictionary<string, long> Granted { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Views on which <paramref name="category"/> was not granted (before a decision included).</summary>
    public long WithoutConsentTo(string category) => Views - Granted.GetValueOrDefault(category);

    public void Add(CensusCounts other)
    {
        Views += other.Views;
        Undecided += other.Undecided;
        NoConsent += other.NoConsent;
        foreach (var (category, n) in other.Granted)
        {
            Granted[category] = Granted.GetValueOrDefault(category) + n;
        }
    }

    public CensusCounts Copy() => new() { Views = Views, Undecided = Undecided, NoConsent = NoConsent, Granted = new(Granted, StringComparer.Ordinal) };
}

/// <summary>
/// The census of a site-day as one app instance counted it (or a sum of such): the sampled page views (with the
/// decision they had) and, per (kind, name), the same counts. Bounded: at most <see cref="MaxItems"/> names; a name
/// first seen past that is not counted (<see cref="Dropped"/> says how many views lost one). Never a value, never a visitor.
/// </summary>
public sealed class CensusTally
{
    public const int MaxItems = 1000;
    public const int MaxCategories = 24;

    public CensusCounts Page { get; } = new();
    public Dictionary<(CensusKind Kind, string Name), CensusCounts> Items { get; } = [];
    public long Dropped { get; private set; }

    /// <summary>Counts one sampled page view (a validated beacon).</summary>
    public void Add(CensusBeacon beacon)
    {
        var granted = (beacon.Choices ?? new Dictionary<string, bool>()).Where(c => c.Value).Select(c => c.Key)
            .Where(c => Page.Granted.ContainsKey(c) || Page.Granted.Count < MaxCategories).ToList();
        var undecided = beacon.Choices is null;
        Count(Page, undecided, granted);
        foreach (var item in beacon.Items())
        {
            if (!Items.TryGetValue(item, out var counts))
            {
                if (Items.Count >= MaxItems)
                {
                    Dropped++;
                    continue;
                }

                Items[item] = counts = new CensusCounts();
            }

            Count(counts, undecided, granted);
        }
    }

    private static void Count(CensusCounts counts, bool undecided, List<string> granted)
    {
        counts.Views++;
        counts.Undecided += undecided ? 1 : 0;
        counts.NoConsent += granted.Count == 0 ? 1 : 0;
        foreach (var category in granted)
        {
            counts.Granted[category] = counts.Granted.GetValueOrDefault(category) + 1;
        }
    }

    public void Add(CensusTally other)
    {
        Page.Add(other.Page);
        Dropped += other.Dropped;
        foreach (var (item, counts) in other.Items)
        {
            if (Items.TryGetValue(item, out var mine))
            {
                mine.Add(counts);
            }
            else
            {
                Items[item] = counts.Copy();
            }
        }
    }

    public CensusTally Copy()
    {
        var copy = new CensusTally();
        copy.Add(this);
        return copy;
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
    };

    private static readonly string[] KindCodes = ["c", "l", "s", "h"];

    /// <summary>Compact JSON for the row: {"p":counts,"d":dropped,"i":[{"k":"c","n":"_ga",...counts}]}.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Row(
        ItemRow.From(Page), Dropped,
        Items.OrderByDescending(i => i.Value.Views).Select(i => ItemRow.From(i.Value) with { K = KindCodes[(int)i.Key.Kind], N = i.Key.Name }).ToList()), Json);

    public static CensusTally FromJson(string? json)
    {
        var tally = new CensusTally();
        if (string.IsNullOrEmpty(json) || JsonSerializer.Deserialize<Row>(json, Json) is not { } row)
        {
            return tally;
        }

        tally.Page.Add(row.P?.ToCounts() ?? new CensusCounts());
        tally.Dropped = row.D;
        foreach (var item in row.I ?? [])
        {
            var kind = Array.IndexOf(KindCodes, item.K);
            if (kind >= 0 && item.N is { Length: > 0 } name)
            {
                tally.Items[((CensusKind)kind, name)] = item.ToCounts();
            }
        }

        return tally;
    }

    /// <summary>Keeps the <paramref name="count"/> names seen on the most views (a row that would outgrow storage's limits).</summary>
    public void KeepMostSeen(int count)
    {
        foreach (var item in Items.OrderByDescending(i => i.Value.Views).Skip(count).Select(i => i.Key).ToList())
        {
            Items.Remove(item);
            Dropped++;
        }
    }

    private sealed record Row(ItemRow? P, long D, List<ItemRow>? I);

    private sealed record ItemRow(long V, long U, long Z, Dictionary<string, long>? G)
    {
        public string? K { get; init; }
        public string? N { get; init; }

        public static ItemRow From(CensusCounts c) => new(c.Views, c.Undecided, c.NoConsent, c.Granted.Count > 0 ? c.Granted : null);

        public CensusCounts ToCounts() => new() { Views = V, Undecided = U, NoConsent = Z, Granted = new(G ?? [], StringComparer.Ordinal) };
    }
}
