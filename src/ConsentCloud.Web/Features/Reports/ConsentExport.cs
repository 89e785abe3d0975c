using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Sites;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>
/// Downloads of a site's consent records for a range of days, as CSV or JSON Lines, streamed: one key-range query over
/// the range's partitions (<see cref="ReportRange.PartitionFilter"/>), read a page at a time while the previous page is
/// written and flushed, so memory holds at most two pages (2 × 1,000 rows) whatever the range's size, and the first
/// bytes (the header) leave before storage is read. Rows come day by day; within a day, shard by shard, each in time
/// order (the partitions' own order: no sort, which would need the whole day in memory).
/// </summary>
public sealed class ConsentExport(AppStorage storage, RevisionStore revisions, RevisionFacts facts, TimeProvider clock)
{
    public const int PageSize = 1000;
    private const int MaxRevisions = 1000;
    private const string Instant = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private static readonly string[] Columns =
        ["ConsentId", "EventId", "Revision", "ContentHash", "Choices", "Method", "Language", "PageUrl", "Gpc", "ReceivedAt", "ExpiresAt", "IpPrefix", "UserAgent", ConsentLog.WithdrawnAtProperty, "DecidedAt", "Services"];

    private static readonly string[] WellKnownOrder = [BannerRules.Necessary, "preferences", "statistics", "marketing"];
    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private TableClient Records => storage.Table(AppStorage.ConsentsTable);

    /// <summary>"consents-{site}-{from}-to-{to}.csv".</summary>
    public static string FileName(SiteKey site, ReportRange range, ExportFormat format) => string.Create(CultureInfo.InvariantCulture,
        $"consents-{site.Value}-{range.From:yyyy-MM-dd}-to-{range.To:yyyy-MM-dd}.{format.Extension()}");

    /// <summary>
    /// The category columns: every category of every revision the site published (a decision made on any of them can be
    /// in the range), the built-in ones first. Revisions are immutable, so their facts come from a cache.
    /// </summary>
    public async Task<IReadOnlyList<string>> CategoriesAsync(Site site, CancellationToken ct)
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var revision in await revisions.ListAsync(site.Agency, site.Key, MaxRevisions, null, ct))
        {
            if (await facts.FindAsync(site, revision.Number, ct) is { } fact)
            {
                all.UnionWith(fact.Categories);
            }
        }

        return [.. WellKnownOrder.Where(all.Contains), .. all.Except(WellKnownOrder).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Writes the download to <paramref name="output"/> (an HTTP response body, or a file) and answers how many
    /// decisions it held. The caller has checked access to the site and recorded the download in the audit log.
    /// </summary>
    public async Task<long> WriteAsync(Site site, ReportRange range, ExportFilter filter, ExportFormat format, Stream output, CancellationToken ct)
    {
        var categories = await CategoriesAsync(site, ct);
        var now = clock.GetUtcNow();
        IRowWriter writer = format == ExportFormat.Csv ? new CsvRows(output, categories) : new JsonRows(output);
        await using (writer)
        {
            await writer.StartAsync(ct);
            var query = range.PartitionFilter(site.Key) + (filter.Method is { } method ? TableClient.CreateQueryFilter($" and Method eq {method.ToString()}") : "");
            var written = 0L;
            await foreach (var page in PrefetchedPagesAsync(Records.QueryAsync<TableEntity>(query, PageSize, Columns, ct), ct))
            {
                foreach (var row in page)
                {
                    var record = row.ToRecord(site.Key);
                    if (filter.Matches(record.Choices))
                    {
                        writer.Write(new ExportedDecision(record, ConsentStates.Of(record, row.GetDateTimeOffset(ConsentLog.WithdrawnAtProperty), now)));
                        written++;
                    }
                }

                await writer.FlushAsync(ct);
            }

            return written;
        }
    }

    /// <summary>Pages in order, the next one requested before the current one is handed out (one page of look-ahead).</summary>
    private static async IAsyncEnumerable<IReadOnlyList<TableEntity>> PrefetchedPagesAsync(
        Azure.AsyncPageable<TableEntity> query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pages = query.AsPages().GetAsyncEnumerator(stop.Token);
        var next = pages.MoveNextAsync().AsTask();
        try
        {
            while (await next)
            {
                var page = pages.Current.Values;
                next = pages.MoveNextAsync().AsTask();
                yield return page;
            }
        }
        finally
        {
            // Stopped early (the client went away): let the fetch in flight end before the enumerator is disposed.
            await stop.CancelAsync();
            try
            {
                await next;
            }
            catch (Exception e) when (e is OperationCanceledException or Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                // The download is over either way; the original failure, if any, is already on its way up.
            }

            await pages.DisposeAsync();
        }
    }

    private interface IRowWriter : IAsyncDisposable
    {
        Task StartAsync(CancellationToken ct);

        void Write(ExportedDecision decision);

        Task FlushAsync(CancellationToken ct);
    }

    /// <summary>
    /// CSV rows are encoded into a page buffer in memory and copied to the output asynchronously at each flush: a
    /// response body takes no synchronous writes, and a StreamWriter straight on it would write synchronously whenever
    /// its buffer filled.
    /// </summary>
    private sealed class CsvRows : IRowWriter
    {
        private readonly Stream output;
        private readonly IReadOnlyList<string> categories;
        private readonly MemoryStream page = new();
        private readonly StreamWriter writer;
        private readonly char[] scratch = new char[40];

        public CsvRows(Stream output, IReadOnlyList<string> categories)
        {
            this.output = output;
            this.categories = categories;
            writer = new StreamWriter(page, Utf8, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = Csv.LineEnd };
        }

        public async Task StartAsync(CancellationToken ct)
        {
            page.Write(Utf8WithBom.Preamble);
            Csv.WriteRecord(writer, [
                "consent_id", "event_id", "received_at", "revision", "revision_content_hash", "method",
                .. categories.Select(c => "category." + c),
                "language", "page_url", "ip_prefix", "user_agent", "gpc", "state", "expires_at", "decided_at", "services"]);
            await FlushAsync(ct);
        }

        public void Write(ExportedDecision d)
        {
            var r = d.Record;
            Plain(r.ConsentId.TryFormat(scratch, out var n, "D") ? n : 0);
            Plain(r.EventId.TryFormat(scratch, out n, "D") ? n : 0);
            Plain(r.ReceivedAt.UtcDateTime.TryFormat(scratch, out n, Instant, CultureInfo.InvariantCulture) ? n : 0);
            Plain(r.Revision.TryFormat(scratch, out n, default, CultureInfo.InvariantCulture) ? n : 0);
            Field(r.ContentHash);
            Field(ConsentStates.MethodName(r.Method));
            foreach (var category in categories)
            {
                Field(r.Choices.TryGetValue(category, out var granted) ? (granted ? "granted" : "denied") : "");
            }

            Field(r.Language);
            Field(r.PageUrl);
            Field(r.IpPrefix);
            Field(r.UserAgent);
            Field(r.Gpc ? "true" : "false");
            Field(ConsentStates.Name(d.State));
            Plain(r.ExpiresAt.UtcDateTime.TryFormat(scratch, out n, Instant, CultureInfo.InvariantCulture) ? n : 0);
            Plain(r.DecidedAt.UtcDateTime.TryFormat(scratch, out n, Instant, CultureInfo.InvariantCulture) ? n : 0);
            // "google-analytics=granted youtube=denied": every service of the revision, by id.
            Csv.WriteField(writer, string.Join(' ', r.Services.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key + (s.Value ? "=granted" : "=denied"))));
            writer.Write(Csv.LineEnd);
        }

        private void Plain(int length, bool last = false)
        {
            writer.Write(scratch, 0, length);
            if (!last)
            {
                writer.Write(',');
            }
        }

        private void Field(string value)
        {
            Csv.WriteField(writer, value);
            writer.Write(',');
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            writer.Flush();
            await output.WriteAsync(page.GetBuffer().AsMemory(0, (int)page.Length), ct);
            await output.FlushAsync(ct);
            page.SetLength(0);
        }

        public async ValueTask DisposeAsync()
        {
            await writer.DisposeAsync();
            await page.DisposeAsync();
        }
    }

    private sealed class JsonRows(Stream output) : IRowWriter
    {
        private readonly ArrayBufferWriter<byte> buffer = new(256 * 1024);
        private readonly Utf8JsonWriter json = new(Stream.Null);

        public Task StartAsync(CancellationToken ct) => output.FlushAsync(ct);

        public void Write(ExportedDecision d)
        {
            var r = d.Record;
            json.Reset(buffer);
            json.WriteStartObject();
            json.WriteString("consentId", r.ConsentId);
            json.WriteString("eventId", r.EventId);
            json.WriteString("receivedAt", r.ReceivedAt.UtcDateTime.ToString(Instant, CultureInfo.InvariantCulture));
            json.WriteNumber("revision", r.Revision);
            json.WriteString("revisionContentHash", r.ContentHash);
            json.WriteString("method", ConsentStates.MethodName(r.Method));
            json.WriteStartObject("choices");
            foreach (var (category, granted) in r.Choices)
            {
                json.WriteBoolean(category, granted);
            }

            json.WriteEndObject();
            json.WriteString("language", r.Language);
            json.WriteString("pageUrl", r.PageUrl);
            json.WriteString("ipPrefix", r.IpPrefix);
            json.WriteString("userAgent", r.UserAgent);
            json.WriteBoolean("gpc", r.Gpc);
            json.WriteString("state", ConsentStates.Name(d.State));
            json.WriteString("expiresAt", r.ExpiresAt.UtcDateTime.ToString(Instant, CultureInfo.InvariantCulture));
            json.WriteString("decidedAt", r.DecidedAt.UtcDateTime.ToString(Instant, CultureInfo.InvariantCulture));
            json.WriteStartObject("services");
            foreach (var (service, granted) in r.Services)
            {
                json.WriteBoolean(service, granted);
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.Flush();
            buffer.Write("\n"u8);
        }

        public async Task FlushAsync(CancellationToken ct)
        {
            await output.WriteAsync(buffer.WrittenMemory, ct);
            await output.FlushAsync(ct);
            buffer.ResetWrittenCount();
        }

        public async ValueTask DisposeAsync() => await json.DisposeAsync();
    }
}

/// <summary>One row of a download: the stored proof and its state at the time of the download.</summary>
public sealed record ExportedDecision(ConsentRecord Record, ConsentState State);
