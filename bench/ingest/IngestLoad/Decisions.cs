using System.Buffers;
using System.Reflection;
using System.Text.Json;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;

namespace IngestLoad;

/// <summary>One banner decision as the load sends it and the raw writer stores it.</summary>
internal readonly record struct Decision(Guid ConsentId, Guid EventId, ConsentMethod Method, bool Preferences, bool Statistics, bool Marketing, string Language)
{
    public bool GrantsAnything => Preferences || Statistics || Marketing;
}

/// <summary>
/// The decisions of the benchmark and their two shapes: the JSON body of POST /v1/sites/{siteKey}/consents, and the
/// two table entities ingest writes for it (built by the app's own mapping, see <see cref="EntityShapes"/>).
/// </summary>
internal static class Decisions
{
    /// <summary>A realistic desktop user agent (the app keeps ≤ 256 characters of it).</summary>
    public const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    /// <summary>The demo site's origin and page (its domains include localhost).</summary>
    public const string Origin = "http://localhost";
    public const string PageUrl = "http://localhost/page";

    /// <summary>What the app stores for a request from 127.0.0.1 (the /24 prefix).</summary>
    public const string IpPrefix = "127.0.0.0/24";

    public const int Revision = 1;

    private static readonly string[] Languages = ["da", "en", "sv", "nb", "fi"];

    /// <summary>A mix of what visitors do: accept all, reject all, or choose.</summary>
    public static Decision Next(Random rng, Guid consentId)
    {
        var method = (ConsentMethod)rng.Next(3); // AcceptAll, RejectAll, Custom
        var (preferences, statistics, marketing) = method switch
        {
            ConsentMethod.AcceptAll => (true, true, true),
            ConsentMethod.RejectAll => (false, false, false),
            _ => (rng.Next(2) == 1, rng.Next(2) == 1, rng.Next(2) == 1),
        };
        return new Decision(consentId, Guid.NewGuid(), method, preferences, statistics, marketing, Languages[rng.Next(Languages.Length)]);
    }

    /// <summary>A consent id whose record lands in <paramref name="shard"/> (ConsentKeys shards by its last byte).</summary>
    public static Guid ConsentIdInShard(int shard)
    {
        Span<byte> bytes = stackalloc byte[16];
        while (true)
        {
            Guid.NewGuid().TryWriteBytes(bytes);
            var last = bytes[15] - (bytes[15] % ConsentKeys.Shards) + shard;
            if (last <= byte.MaxValue)
            {
                bytes[15] = (byte)last;
                return new Guid(bytes);
            }
        }
    }

    /// <summary>The request body, exactly as the banner sends it.</summary>
    public static byte[] Body(in Decision d)
    {
        var buffer = new ArrayBufferWriter<byte>(320);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("consentId", d.ConsentId);
            json.WriteString("eventId", d.EventId);
            json.WriteNumber("revision", Revision);
            json.WriteStartObject("choices");
            json.WriteBoolean("necessary", true);
            json.WriteBoolean("preferences", d.Preferences);
            json.WriteBoolean("statistics", d.Statistics);
            json.WriteBoolean("marketing", d.Marketing);
            json.WriteEndObject();
            json.WriteString("method", d.Method switch
            {
                ConsentMethod.AcceptAll => "acceptAll",
                ConsentMethod.RejectAll => "rejectAll",
                _ => "custom",
            });
            json.WriteString("language", d.Language);
            json.WriteString("pageUrl", PageUrl);
            json.WriteBoolean("gpc", false);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The proof record ingest would build for this decision received now (demo site: 12/6 months validity).</summary>
    public static ConsentRecord Record(SiteKey site, in Decision d, string contentHash, DateTimeOffset now) => new(
        site, d.ConsentId, d.EventId, Revision, contentHash,
        new Dictionary<string, bool>
        {
            ["necessary"] = true,
            ["preferences"] = d.Preferences,
            ["statistics"] = d.Statistics,
            ["marketing"] = d.Marketing,
        },
        d.Method, d.Language, PageUrl, Gpc: false, now, now.AddMonths(d.GrantsAnything ? 12 : 6), IpPrefix, UserAgent);
}

/// <summary>
/// The app's own entity mapping (ConsentCloud.Web.Features.Consents.ConsentEntities, internal), bound once by
/// reflection so the raw writer stores byte-for-byte the properties ingest stores, and follows any change to them.
/// </summary>
internal static class EntityShapes
{
    private static readonly Type Mapping = typeof(ConsentRecord).Assembly.GetType("ConsentCloud.Web.Features.Consents.ConsentEntities", throwOnError: true)!;

    public static readonly Func<ConsentRecord, TableEntity> ToRecordEntity = Bind("ToEntity");
    public static readonly Func<ConsentRecord, TableEntity> ToIndexEntity = Bind("ToIndexEntity");

    private static Func<ConsentRecord, TableEntity> Bind(string name) =>
        (Mapping.GetMethod(name, BindingFlags.Public | BindingFlags.Static, [typeof(ConsentRecord)])
            ?? throw new InvalidOperationException($"ConsentEntities.{name}(ConsentRecord) is gone: update bench/ingest/IngestLoad."))
        .CreateDelegate<Func<ConsentRecord, TableEntity>>();
}
