using System.Globalization;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Hosting;

namespace IngestLoad;

/// <summary>
/// After a (fault) run: compares what the clients were told with what storage holds. It reads every index row and
/// every record of the site (one range query per table, so a record written twice under two row keys, or a record
/// without an index row, is seen too; a point read by keys could not find either) and checks, per event id of the
/// status files:
/// <list type="bullet">
/// <item>2xx: exactly one index row, exactly one record, and the index row points at that record;</item>
/// <item>non-2xx: counted with and without a record (a record there is legal: see RESULTS.md), and with an index row
/// but no record (the "half-written" state ingest completes on the banner's retry of the same event).</item>
/// </list>
/// Answers 1 when a 2xx event lacks its record or has two, or storage holds a record nobody sent.
/// </summary>
internal static class VerifyCommand
{
    private sealed class Found
    {
        public int IndexRows;
        public string? Points;
        public int Records;
        public string? RecordKeys;
        public bool InRun;
        public bool Known;
    }

    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var service = new TableServiceClient(o.Required("storage"));
        var site = new SiteKey(o.Required("site"));
        var prefix = o.Text("table-prefix", "")!;
        var statusFiles = o.Required("status").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var knownFiles = (o.Text("known") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

        // The events of the run under test, and those sent before it (warm-up) that are merely expected to exist.
        var sent = new Dictionary<Guid, (Guid ConsentId, int Status)>();
        foreach (var file in statusFiles)
        {
            await foreach (var (consentId, eventId, status) in ReadStatusAsync(file, ct))
            {
                sent[eventId] = (consentId, status);
            }
        }

        var known = new HashSet<Guid>();
        foreach (var file in knownFiles)
        {
            await foreach (var (_, eventId, _) in ReadStatusAsync(file, ct))
            {
                known.Add(eventId);
            }
        }

        var found = new Dictionary<Guid, Found>();
        Found At(Guid eventId) => found.TryGetValue(eventId, out var f) ? f : found[eventId] = new Found();

        // One range over the site's partitions: "{site}-..." sorts below "{site}." ('-' is 0x2D, '.' 0x2E).
        var range = TableClient.CreateQueryFilter($"PartitionKey gt {site.Value + "-"} and PartitionKey lt {site.Value + "."}");
        var indexTable = service.GetTableClient(prefix + AppStorage.ConsentIndexTable);
        var recordTable = service.GetTableClient(prefix + AppStorage.ConsentsTable);
        var indexRows = 0;
        await foreach (var row in indexTable.QueryAsync<TableEntity>(range, maxPerPage: 1000, select: ["PartitionKey", "RowKey", "RecordPartition", "RecordRow"], cancellationToken: ct))
        {
            indexRows++;
            var f = At(ConsentKeys.EventOfIndexRow(row.RowKey));
            f.IndexRows++;
            f.Points = $"{row.GetString("RecordPartition")}|{row.GetString("RecordRow")}";
        }

        var records = 0;
        await foreach (var row in recordTable.QueryAsync<TableEntity>(range, maxPerPage: 1000, select: ["PartitionKey", "RowKey", "EventId", "ConsentId"], cancellationToken: ct))
        {
            records++;
            var f = At(row.GetGuid("EventId") ?? Guid.Empty);
            f.Records++;
            f.RecordKeys = $"{row.PartitionKey}|{row.RowKey}";
        }

        foreach (var (eventId, f) in found)
        {
            f.InRun = sent.ContainsKey(eventId);
            f.Known = known.Contains(eventId);
        }

        var ok = sent.Values.Count(s => IsOk(s.Status));
        var byStatus = sent.Values.Where(s => !IsOk(s.Status)).GroupBy(s => s.Status).OrderBy(g => g.Key)
            .Select(g => $"{Sample.StatusName(g.Key)}: {g.Count()}");
        int Count(Func<(Guid ConsentId, int Status), Found?, bool> predicate) =>
            sent.Count(s => predicate(s.Value, found.GetValueOrDefault(s.Key)));

        var okComplete = Count((s, f) => IsOk(s.Status) && f is { IndexRows: 1, Records: 1 } && f.Points == f.RecordKeys);
        var okWithoutRecord = Count((s, f) => IsOk(s.Status) && (f?.Records ?? 0) == 0);
        var okWithoutIndex = Count((s, f) => IsOk(s.Status) && (f?.IndexRows ?? 0) == 0);
        var okDuplicates = Count((s, f) => IsOk(s.Status) && f?.Records > 1);
        var okMispointed = Count((s, f) => IsOk(s.Status) && f is { IndexRows: 1, Records: 1 } && f.Points != f.RecordKeys);
        var failedWithRecord = Count((s, f) => !IsOk(s.Status) && f?.Records > 0);
        var failedIndexOnly = Count((s, f) => !IsOk(s.Status) && f is { IndexRows: > 0, Records: 0 });
        var failedNothing = Count((s, f) => !IsOk(s.Status) && f is null or { IndexRows: 0, Records: 0 });
        var strayRecords = found.Values.Count(f => f.Records > 0 && !f.InRun && !f.Known);
        var strayIndex = found.Values.Count(f => f.IndexRows > 0 && f.Records == 0 && !f.InRun && !f.Known);
        var recordsWithoutIndex = found.Values.Count(f => f.Records > 0 && f.IndexRows == 0);

        Console.WriteLine($"[verify] storage holds {indexRows} index rows and {records} records of site {site.Value}; {known.Count} earlier (warm-up) events are expected there too");
        Console.WriteLine($"[verify] sent {sent.Count}: 2xx {ok}, non-2xx {sent.Count - ok} ({string.Join(", ", byStatus)})");
        Console.WriteLine($"[verify] 2xx with exactly one record and its index row: {okComplete}");
        Console.WriteLine($"[verify] 2xx without a record: {okWithoutRecord}  (without an index row: {okWithoutIndex}; with two or more records: {okDuplicates}; index pointing elsewhere: {okMispointed})");
        Console.WriteLine($"[verify] non-2xx with a record: {failedWithRecord}; non-2xx with only an index row: {failedIndexOnly}; non-2xx with nothing stored: {failedNothing}");
        Console.WriteLine($"[verify] records of events nobody sent: {strayRecords}; stray index rows: {strayIndex}; records without an index row: {recordsWithoutIndex}");

        // The visitor's own path as a cross-check of the scans: point reads by ConsentKeys (index row, then the record
        // it points at) for every non-2xx event and a sample of the 2xx ones.
        var sample = o.Int("point-reads", 2000);
        var rng = new Random(42);
        var probes = sent.Where(s => !IsOk(s.Value.Status))
            .Concat(sent.Where(s => IsOk(s.Value.Status)).OrderBy(_ => rng.Next()).Take(sample))
            .ToList();
        var mismatches = 0;
        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (probe, token) =>
        {
            var pointer = await indexTable.GetEntityIfExistsAsync<TableEntity>(
                ConsentKeys.IndexPartition(site, probe.Value.ConsentId), ConsentKeys.IndexRow(probe.Value.ConsentId, probe.Key), cancellationToken: token);
            var record = pointer.HasValue
                ? await recordTable.GetEntityIfExistsAsync<TableEntity>(pointer.Value!.GetString("RecordPartition")!, pointer.Value.GetString("RecordRow")!, cancellationToken: token)
                : null;
            var f = found.GetValueOrDefault(probe.Key);
            if (pointer.HasValue != (f?.IndexRows > 0) || (record?.HasValue ?? false) != (f?.Records > 0 && f.Points == f.RecordKeys))
            {
                Interlocked.Increment(ref mismatches);
            }
        });
        Console.WriteLine($"[verify] point reads by ConsentKeys for {probes.Count} events ({sent.Count - ok} non-2xx, {probes.Count - (sent.Count - ok)} 2xx sampled) disagreeing with the scans: {mismatches}");

        if (o.Text("summary") is { Length: > 0 } summary)
        {
            await File.WriteAllTextAsync(summary, string.Create(CultureInfo.InvariantCulture,
                $"sent={sent.Count}\nok={ok}\nnon_ok={sent.Count - ok}\nok_complete={okComplete}\nok_without_record={okWithoutRecord}\nok_duplicates={okDuplicates}\nnon_ok_with_record={failedWithRecord}\nnon_ok_index_only={failedIndexOnly}\nnon_ok_nothing={failedNothing}\nstray_records={strayRecords}\npoint_read_mismatches={mismatches}\n"), ct);
        }

        var held = okComplete == ok && strayRecords == 0 && recordsWithoutIndex == 0 && mismatches == 0;
        Console.WriteLine(held
            ? "[verify] PASS: every 2xx has its record (once), and no record exists that no client sent"
            : "[verify] FAIL: see the counts above");
        return held ? 0 : 1;
    }

    private static bool IsOk(int status) => status is >= 200 and < 300;

    private static async IAsyncEnumerable<(Guid ConsentId, Guid EventId, int Status)> ReadStatusAsync(
        string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var line in File.ReadLinesAsync(path, ct))
        {
            var parts = line.Split(',');
            if (parts.Length < 3 || !Guid.TryParse(parts[0], out var consentId) || !Guid.TryParse(parts[1], out var eventId))
            {
                continue; // the header
            }

            yield return (consentId, eventId, int.Parse(parts[2], CultureInfo.InvariantCulture));
        }
    }
}
