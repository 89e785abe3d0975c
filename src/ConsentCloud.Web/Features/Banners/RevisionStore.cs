using System.Globalization;
using System.IO.Compression;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>Metadata of a published revision.</summary>
public sealed record Revision(
    int Number, string ContentHash, DateTimeOffset PublishedAt, string PublishedBy,
    bool RequiresRenewal, string? RenewalReason, int RenewalRevision, string? Note)
{
    /// <summary>The publisher marked this revision's material changes as editorial: visitors were not asked again
    /// (false when there were none to mark).</summary>
    public bool Editorial { get; init; }

    /// <summary>What changed since the previous revision that would ask visitors again (<see cref="Banners.MaterialChanges"/>).</summary>
    public IReadOnlyList<MaterialChange> MaterialChanges { get; init; } = [];
}

/// <summary>
/// Revisions table: PartitionKey = site key, RowKey = int.MaxValue − number (zero-padded), so the newest revision is
/// the first row of the partition. Each row carries its whole published document (gzip, in ≤ 64 KiB binary chunks),
/// so a revision is written in one insert: it exists completely or not at all, and the insert that wins a number is
/// the publish that owns it (a concurrent publish gets 409).
/// </summary>
public sealed class RevisionStore(AppStorage storage)
{
    private const int ChunkSize = 60 * 1024;
    private const int MaxChunks = 8;
    private TableClient Table => storage.Table(AppStorage.RevisionsTable);

    private static string RowKey(int number) => (int.MaxValue - number).ToString("D10", CultureInfo.InvariantCulture);

    public async Task AddAsync(AgencyId agency, SiteKey site, Revision revision, PublishedConfig document, CancellationToken ct)
    {
        var entity = new TableEntity(site.Value, RowKey(revision.Number))
        {
            ["Agency"] = agency.Value,
            ["Number"] = revision.Number,
            ["ContentHash"] = revision.ContentHash,
            ["PublishedAt"] = revision.PublishedAt,
            ["PublishedBy"] = revision.PublishedBy,
            ["RequiresRenewal"] = revision.RequiresRenewal,
            ["RenewalReason"] = revision.RenewalReason,
            ["RenewalRevision"] = revision.RenewalRevision,
            ["Note"] = revision.Note,
            ["Editorial"] = revision.Editorial,
            ["MaterialChanges"] = revision.MaterialChanges.Count > 0 ? Banners.MaterialChanges.ToJson(revision.MaterialChanges) : null,
        };
        var chunks = Compress(document.ToUtf8()).Chunk(ChunkSize).ToList();
        if (chunks.Count > MaxChunks)
        {
            throw new InvalidOperationException("A published document is larger than a revision row can hold.");
        }

        for (var i = 0; i < chunks.Count; i++)
        {
            entity[$"Document{i}"] = chunks[i];
        }

        await Table.AddEntityAsync(entity, ct);
    }

    public async Task<(Revision Revision, PublishedConfig Document)?> GetLatestAsync(AgencyId agency, SiteKey site, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {site.Value}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: ct))
        {
            return row.GetString("Agency") == agency.Value ? (ToRevision(row), ToDocument(row)) : null;
        }

        return null;
    }

    public async Task<(Revision Revision, PublishedConfig Document)?> GetAsync(AgencyId agency, SiteKey site, int number, CancellationToken ct)
    {
        if (number < 1)
        {
            return null;
        }

        var row = await Table.GetEntityIfExistsAsync<TableEntity>(site.Value, RowKey(number), cancellationToken: ct);
        return row.HasValue && row.Value!.GetString("Agency") == agency.Value ? (ToRevision(row.Value), ToDocument(row.Value)) : null;
    }

    /// <summary>Revisions newest first, <paramref name="max"/> at most, older than <paramref name="before"/> when given.</summary>
    public async Task<IReadOnlyList<Revision>> ListAsync(AgencyId agency, SiteKey site, int max, int? before, CancellationToken ct)
    {
        var filter = before is { } b
            ? TableClient.CreateQueryFilter($"PartitionKey eq {site.Value} and RowKey gt {RowKey(b)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {site.Value}");
        string[] select = ["Agency", "Number", "ContentHash", "PublishedAt", "PublishedBy", "RequiresRenewal", "RenewalReason", "RenewalRevision", "Note", "Editorial", "MaterialChanges"];
        var revisions = new List<Revision>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), select: select, cancellationToken: ct))
        {
            if (row.GetString("Agency") != agency.Value || revisions.Count >= max)
            {
                break;
            }

            revisions.Add(ToRevision(row));
        }

        return revisions;
    }

    /// <summary>Removes every revision of a site (the retention job, once a deleted site's grace period is over).</summary>
    public async Task<int> DeleteAllAsync(AgencyId agency, SiteKey site, CancellationToken ct)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {site.Value}"), select: ["PartitionKey", "RowKey", "Agency"], cancellationToken: ct))
        {
            if (row.GetString("Agency") == agency.Value)
            {
                rows.Add(row);
            }
        }

        foreach (var batch in rows.Chunk(100))
        {
            await Table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, Azure.ETag.All)), ct);
        }

        return rows.Count;
    }

    private static Revision ToRevision(TableEntity row) => new(
        row.GetInt32("Number") ?? 0, row.GetString("ContentHash") ?? "", row.GetDateTimeOffset("PublishedAt") ?? default,
        row.GetString("PublishedBy") ?? "", row.GetBoolean("RequiresRenewal") ?? false, row.GetString("RenewalReason"),
        row.GetInt32("RenewalRevision") ?? 0, row.GetString("Note"))
    {
        Editorial = row.GetBoolean("Editorial") ?? false,
        MaterialChanges = Banners.MaterialChanges.FromJson(row.GetString("MaterialChanges")),
    };

    private static PublishedConfig ToDocument(TableEntity row)
    {
        using var buffer = new MemoryStream();
        for (var i = 0; row.GetBinary($"Document{i}") is { } chunk; i++)
        {
            buffer.Write(chunk);
        }

        buffer.Position = 0;
        using var gzip = new GZipStream(buffer, CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        return PublishedConfig.FromUtf8(json.ToArray());
    }

    private static byte[] Compress(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
