using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Reports;

// ExportSeeder seed --storage CS --site KEY --records N --days 365 --anchor yyyy-MM-dd [--hash H] [--parallel 16]
//   N consent records of one site, spread evenly over the DAYS receive days before ANCHOR (the last day is ANCHOR - 1),
//   written in batches of 100 per partition. Only the Consents table: a download reads nothing else (no index rows).
// ExportSeeder scan --storage CS --site KEY --from yyyy-MM-dd --to yyyy-MM-dd
//   the raw ceiling: the download's query (same key range, page size and columns) with the storage client, every entity
//   parsed, nothing written. Prints "RAW records=N seconds=S rate=R first_page_ms=F".
// Exit code 0 when it ran, 2 on bad usage.
if (args.Length == 0 || args[0] is not ("seed" or "scan"))
{
    Console.Error.WriteLine("usage: ExportSeeder seed|scan --storage CS --site KEY [...] (see the header of bench/export/Seeder/Program.cs)");
    return 2;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

string Get(string name, string? fallback = null) => options.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");
DateOnly Day(string name) => DateOnly.ParseExact(Get(name), "yyyy-MM-dd", CultureInfo.InvariantCulture);

var tables = new TableServiceClient(Get("storage"));
var consents = tables.GetTableClient(Get("prefix", "") + "Consents");
var site = new SiteKey(Get("site"));

if (args[0] == "scan")
{
    var range = new ReportRange(Day("from"), Day("to"));
    string[] columns = ["ConsentId", "EventId", "Revision", "ContentHash", "Choices", "Method", "Language", "PageUrl", "Gpc", "ReceivedAt", "ExpiresAt", "IpPrefix", "UserAgent", ConsentLog.WithdrawnAtProperty];
    var clock = Stopwatch.StartNew();
    long count = 0;
    double firstPage = -1;
    await foreach (var page in consents.QueryAsync<TableEntity>(range.PartitionFilter(site), ConsentExport.PageSize, columns).AsPages())
    {
        firstPage = firstPage < 0 ? clock.Elapsed.TotalMilliseconds : firstPage;
        count += page.Values.Count;
    }

    var seconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RAW records={count} seconds={seconds:F2} rate={count / seconds:F0} first_page_ms={firstPage:F0}"));
    return 0;
}

// seed
var records = long.Parse(Get("records"), CultureInfo.InvariantCulture);
var days = int.Parse(Get("days", "365"), CultureInfo.InvariantCulture);
var anchor = Day("anchor");
var parallel = int.Parse(Get("parallel", "16"), CultureInfo.InvariantCulture);
var hash = Get("hash", new string('a', 64));
var toEntity = typeof(ConsentLog).Assembly
    .GetType("ConsentCloud.Web.Features.Consents.ConsentEntities", throwOnError: true)!
    .GetMethod("ToEntity", BindingFlags.Public | BindingFlags.Static, [typeof(ConsentRecord)])!
    .CreateDelegate<Func<ConsentRecord, TableEntity>>();
await consents.CreateIfNotExistsAsync();

string[] languages = ["da", "en", "sv"];
string[] paths = ["/", "/shop", "/blog/cookies", "/kontakt", "/produkter/kaffe"];
const string UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
Guid IdOf(string text) => new(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

ConsentRecord RecordOf(int day, long n, long perDay)
{
    var first = anchor.AddDays(-days + day);
    var at = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(TimeSpan.TicksPerDay / Math.Max(1, perDay) * n);
    var kind = (int)(n % 10);
    var (method, choices) = kind switch
    {
        < 6 => (ConsentMethod.AcceptAll, new Dictionary<string, bool> { ["necessary"] = true, ["preferences"] = true, ["statistics"] = true, ["marketing"] = true }),
        < 8 => (ConsentMethod.RejectAll, new Dictionary<string, bool> { ["necessary"] = true, ["preferences"] = false, ["statistics"] = false, ["marketing"] = false }),
        _ => (ConsentMethod.Custom, new Dictionary<string, bool> { ["necessary"] = true, ["preferences"] = true, ["statistics"] = true, ["marketing"] = false }),
    };
    return new ConsentRecord(
        site, IdOf($"c-{day}-{n}"), IdOf($"e-{day}-{n}"), 1, hash, choices, method, languages[n % languages.Length],
        "https://www.bageriet.example" + paths[n % paths.Length], n % 17 == 0, at, at.AddMonths(method == ConsentMethod.AcceptAll ? 12 : 6),
        "203.0.113.0/24", UserAgent);
}

var clockSeed = Stopwatch.StartNew();
long written = 0;
await Parallel.ForEachAsync(Enumerable.Range(0, days), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (day, ct) =>
{
    var perDay = records / days + (day < records % days ? 1 : 0);
    var entities = new List<TableEntity>((int)perDay);
    for (long n = 0; n < perDay; n++)
    {
        entities.Add(toEntity(RecordOf(day, n, perDay)));
    }

    foreach (var partition in entities.GroupBy(e => e.PartitionKey))
    {
        foreach (var batch in partition.Chunk(100))
        {
            await consents.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e, ETag.All)), ct);
            Interlocked.Add(ref written, batch.Length);
        }
    }
});
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SEED records={written} days={days} first={anchor.AddDays(-days):yyyy-MM-dd} last={anchor.AddDays(-1):yyyy-MM-dd} seconds={clockSeed.Elapsed.TotalSeconds:F1}"));
return 0;
