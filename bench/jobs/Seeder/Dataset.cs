using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Retention;
using ConsentCloud.Web.Features.Sites;

namespace JobsSeeder;

/// <summary>
/// The benchmark's data, fully determined by its options (and so generated identically by every process that asks:
/// the seeder for the app's copy, the seeder again for the raw copy, and the raw baseline when it works out which
/// entities the jobs touched).
/// <para>
/// <see cref="Sites"/> sites (of <see cref="Agencies"/> agencies) each receive decisions on each of <see cref="Days"/>
/// consecutive UTC days, <see cref="Records"/> records in all, spread evenly (site × day gets ⌊N / (sites × days)⌋,
/// the first N mod (sites × days) of them one more). The window ends <see cref="OffsetDays"/> days before
/// <see cref="Anchor"/> (the day of the run), so a chosen share of it is past each validity and past retention
/// without moving the app's clock (the jobs read <c>TimeProvider.System</c>). Each site was created on the window's
/// first day, with accept/decline validity <see cref="AcceptMonths"/>/<see cref="DeclineMonths"/> and retention
/// <see cref="RetentionMonths"/> months.
/// </para>
/// </summary>
internal sealed record Dataset(
    int Sites, long Records, int Days, int OffsetDays, DateOnly Anchor, int Seed, int Agencies,
    int AcceptMonths, int DeclineMonths, int RetentionMonths)
{
    public const string UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
    private static readonly string[] Languages = ["da", "en", "sv", "nb", "fi"];
    private static readonly string[] Paths = ["/", "/shop", "/blog/cookies", "/kontakt", "/produkter/kaffe", "/om-os"];

    public static Dataset From(Options o)
    {
        var anchor = o.Text("anchor") is { } text
            ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)
            : DateOnly.FromDateTime(DateTime.UtcNow);
        var d = new Dataset(
            Sites: Math.Max(1, o.Int("sites", 100)),
            Records: o.Long("records", 1_000_000),
            Days: Math.Max(1, o.Int("days", 400)),
            OffsetDays: o.Int("offset-days", 200),
            Anchor: anchor,
            Seed: o.Int("seed", 5),
            Agencies: Math.Max(1, o.Int("agencies", 10)),
            AcceptMonths: o.Int("accept-months", 12),
            DeclineMonths: o.Int("decline-months", 6),
            RetentionMonths: o.Int("retention-months", 13));
        return d;
    }

    /// <summary>The first receive day; the window is [FirstDay, FirstDay + Days).</summary>
    public DateOnly FirstDay => Anchor.AddDays(-(OffsetDays + Days));

    public DateTimeOffset Created => RetentionDays.Start(FirstDay);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Records:N0} records, {Sites} sites of {Agencies} agencies, {Days} receive days {FirstDay:yyyy-MM-dd}..{FirstDay.AddDays(Days - 1):yyyy-MM-dd} " +
        $"(ending {OffsetDays} days before {Anchor:yyyy-MM-dd}), validity {AcceptMonths}/{DeclineMonths} months, retention {RetentionMonths} months, seed {Seed}");

    public long RecordsOf(int site, int day)
    {
        var cells = (long)Sites * Days;
        var cell = (long)site * Days + day;
        return Records / cells + (cell < Records % cells ? 1 : 0);
    }

    public SiteKey SiteKeyOf(int site) => new(Ids.Base32(Hash($"site-{Seed}-{site}")));

    public AgencyId AgencyOf(int site) => new(Ids.Base32(Hash($"agency-{Seed}-{site % Agencies}")));

    public Site SiteOf(int site) => new(
        SiteKeyOf(site), AgencyOf(site), $"Benchmark site {site}",
        new Company($"Benchmark {site} ApS", $"DK{10000000 + site}", new Address("Vestergade 1", "8000", "Aarhus C", "DK"), $"privacy@site{site}.example", null, null),
        "DK", [$"site{site}.example", $"www.site{site}.example"], "da", ["da", "en"],
        new ConsentSettings(AcceptMonths, DeclineMonths, RetentionMonths, true),
        LatestRevision: 1, PublishedAt: Created, Created: Created, Updated: Created, Deleted: null);

    /// <summary>The decisions of one site on one receive day, in a fixed order, each as ingest would have stored it.</summary>
    public IEnumerable<ConsentRecord> RecordsOfDay(int site, int day)
    {
        var key = SiteKeyOf(site);
        var contentHash = Convert.ToHexStringLower(Hash($"revision-{Seed}-{site}", 32));
        // A seed stable across processes (HashCode.Combine is randomised per process): every process generates the same rows.
        var rng = new Random(unchecked((int)((((long)Seed * 1_000_003) + site) * 1_000_033 + day)));
        var dayStart = RetentionDays.Start(FirstDay.AddDays(day));
        var count = RecordsOf(site, day);
        var bytes = new byte[16];
        for (var i = 0L; i < count; i++)
        {
            rng.NextBytes(bytes);
            var consentId = new Guid(bytes);
            rng.NextBytes(bytes);
            var eventId = new Guid(bytes);
            var receivedAt = dayStart.AddMilliseconds(rng.NextInt64(86_400_000));
            var method = (ConsentMethod)rng.Next(3); // AcceptAll, RejectAll, Custom: a third each
            var (preferences, statistics, marketing) = method switch
            {
                ConsentMethod.AcceptAll => (true, true, true),
                ConsentMethod.RejectAll => (false, false, false),
                _ => (rng.Next(2) == 1, rng.Next(2) == 1, rng.Next(2) == 1),
            };
            var choices = new Dictionary<string, bool>
            {
                ["necessary"] = true,
                ["preferences"] = preferences,
                ["statistics"] = statistics,
                ["marketing"] = marketing,
            };
            var months = ConsentRecord.GrantsAnything(choices, ["necessary"]) ? AcceptMonths : DeclineMonths;
            yield return new ConsentRecord(
                key, consentId, eventId, 1, contentHash, choices, method, Languages[rng.Next(Languages.Length)],
                $"https://www.site{site}.example{Paths[rng.Next(Paths.Length)]}", Gpc: false, receivedAt, receivedAt.AddMonths(months),
                $"203.0.{rng.Next(256)}.0/24", UserAgent);
        }
    }

    private static byte[] Hash(string text, int length = 16) => SHA256.HashData(Encoding.UTF8.GetBytes(text))[..length];
}

/// <summary>
/// The app's own entity mappings (ConsentEntities and SiteEntities are internal), bound once by reflection so the seeded
/// rows are byte-for-byte what ingest and the site API store, and follow any change to them.
/// </summary>
internal static class EntityShapes
{
    private static readonly Assembly App = typeof(ConsentRecord).Assembly;

    public static readonly Func<ConsentRecord, TableEntity> Record = Bind<ConsentRecord>("ConsentCloud.Web.Features.Consents.ConsentEntities", "ToEntity");
    public static readonly Func<ConsentRecord, TableEntity> Index = Bind<ConsentRecord>("ConsentCloud.Web.Features.Consents.ConsentEntities", "ToIndexEntity");
    public static readonly Func<Site, TableEntity> Site = Bind<Site>("ConsentCloud.Web.Features.Sites.SiteEntities", "ToEntity");

    private static Func<T, TableEntity> Bind<T>(string type, string name) =>
        (App.GetType(type, throwOnError: true)!.GetMethod(name, BindingFlags.Public | BindingFlags.Static, [typeof(T)])
            ?? throw new InvalidOperationException($"{type}.{name}({typeof(T).Name}) is gone: update bench/jobs/Seeder."))
        .CreateDelegate<Func<T, TableEntity>>();
}
