using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>A queued scan: whose, of which site, which scan row. Ids only, never a page or a finding.</summary>
public sealed record ScanMessage(
    [property: JsonPropertyName("agency")] string Agency,
    [property: JsonPropertyName("site")] string Site,
    [property: JsonPropertyName("scan")] string Scan)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The message when its three ids are well-formed, else null (a message nobody here wrote).</summary>
    public static ScanMessage? Parse(string? json)
    {
        try
        {
            return json is { Length: > 0 and < 1024 } && JsonSerializer.Deserialize<ScanMessage>(json, Json) is { } message
                && AgencyId.TryParse(message.Agency, out _) && SiteKey.TryParse(message.Site, out _) && ScanStore.IsId(message.Scan)
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The queue <c>site-scans</c> (<see cref="AppStorage.SiteScansQueue"/>): the API puts a <see cref="ScanMessage"/> on it;
/// in Azure the Functions host's queue trigger (Functions/ScanSite) hands it to POST /ScanSite, locally
/// <see cref="LocalScanWorker"/> takes it. Messages are base64 (the trigger's default encoding).
/// </summary>
public sealed class ScanInbox(AppStorage storage)
{
    /// <summary>How long a taken message stays invisible: longer than a whole scan, so no one else runs it meanwhile.</summary>
    public static readonly TimeSpan Invisible = TimeSpan.FromMinutes(5);

    private QueueClient Queue => storage.Queue(AppStorage.SiteScansQueue);

    public async Task EnqueueAsync(ScanMessage message, CancellationToken ct) =>
        await Queue.SendMessageAsync(JsonSerializer.Serialize(message, ScanMessage.Json), ct);

    public async Task<QueueMessage?> ReceiveAsync(CancellationToken ct) =>
        (await Queue.ReceiveMessageAsync(Invisible, ct)).Value;

    public async Task DeleteAsync(QueueMessage message, CancellationToken ct) =>
        await Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
}
