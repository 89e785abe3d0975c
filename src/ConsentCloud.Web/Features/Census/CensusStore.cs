using System.Globalization;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Census;

/// <summary>
/// Census: PartitionKey = site key, RowKey = "{yyyyMMdd}-w-{writer}": what one app instance counted that day
/// (<see cref="CensusTally"/> as JSON, in chunks of at most <see cref="ChunkLength"/> characters, "Data0", "Data1", …),
/// its running total rewritten whole at each flush (an upsert, no read, no contention between instances). A window
/// of days is one key-range query inside the site's partition; the purge deletes whole days from the front.
/// </summary>
public sealed class CensusStore(AppStorage storage)
{
    /// <summary>A string property holds at most 64 KiB (32 K UTF-16 characters).</summary>
    public const int ChunkLength = 30_000;

    /// <summary>Chunks per row: 15 × 60 KB stays well inside an entity's 1 MiB.</summary>
    public const int MaxChunks = 15;

    private const string WriterInfix = "-w-";
    private TableClient Table => storage.Table(AppStorage.CensusTable);

    public static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public Task WriteAsync(SiteKey site, DateOnly day, string writer, CensusTally tally, CancellationToken ct)
    {
        var json = tally.ToJson();
        while (json.Length > ChunkLength * MaxChunks)
        {
            tally = tally.Copy();
            tally.KeepMostSeen(tally.Items.Count * 3 / 4);
            json = tally.ToJson();
        }

        var entity = new TableEntity(site.Value, Day(day) + WriterInfix + writer)
        {
            ["Day"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Views"] = tally.Page.Views,
        };
        for (var i = 0; i * ChunkLength < json.Length; i++)
        {
            entity["Data" + i.ToString(CultureInfo.InvariantCulture)] = json.Substring(i * ChunkLength, Math.Min(ChunkLength, json.Length - i * ChunkLength));
        }

        return Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
    }

    /// <summary>Each day of the window that has any census, every instance's counts summed.</summary>
    public async Task<SortedDictionary<DateOnly, CensusTally>> ReadAsync(SiteKey site, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {site.Value} and RowKey ge {Day(from)} and RowKey lt {Day(to.AddDays(1))}");
        var days = new SortedDictionary<DateOnly, CensusTally>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (ParseDay(row.RowKey) is not { } day)
            {
                continue;
            }

            var json = string.Concat(Enumerable.Range(0, MaxChunks).Select(i => row.GetString("Data" + i.ToString(CultureInfo.InvariantCulture))).TakeWhile(c => c is not null));
            var tally = CensusTally.FromJson(json);
            if (days.TryGetValue(day, out var sum))
            {
                sum.Add(tally);
            }
            else
            {
                days[day] = tally;
            }
        }

        return days;
    }

    /// <summary>The first day the site has census data for (the oldest row left by the purge), or null.</summary>
    public async Task<DateOnly?> FirstDayAsync(SiteKey site, CancellationToken ct)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {site.Value}"), maxPerPage: 1, select: ["RowKey"], cancellationToken: ct))
        {
            if (ParseDay(row.RowKey) is { } day)
            {
                return day;
            }
        }

        return null;
    }

    /// <summary>Deletes the site's rows of the days before <paramref name="before"/> (from <paramref name="from"/> on, when given); answers how many.</summary>
    public async Task<int> DeleteBeforeAsync(SiteKey site, DateOnly? from, DateOnly before, CancellationToken ct)
    {
        var filter = from is { } start
            ? TableClient.CreateQueryFilter($"PartitionKey eq {site.Value} and RowKey ge {Day(start)} and RowKey lt {Day(before)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {site.Value} and RowKey lt {Day(before)}");
        return await DeleteAsync(filter, ct);
    }

    /// <summary>Removes a site's census (a deleted site).</summary>
    public Task<int> DeleteAllAsync(SiteKey site, CancellationToken ct) =>
        DeleteAsync(TableClient.CreateQueryFilter($"PartitionKey eq {site.Value}"), ct);

    private async Task<int> DeleteAsync(string filter, CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            rows.Add(row);
        }

        // One site is one partition: batches of 100, as an entity group transaction requires.
        foreach (var batch in rows.Chunk(100))
        {
            await Table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, Azure.ETag.All)), ct);
        }

        return rows.Count;
    }

    private static DateOnly? ParseDay(string rowKey) =>
        rowKey.Length >= 8 && DateOnly.TryParseExact(rowKey.AsSpan(0, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
