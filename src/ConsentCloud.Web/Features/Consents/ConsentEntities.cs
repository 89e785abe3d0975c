using System.Text.Json;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Consents;

/// <summary>Hand mapping between proof records and their table rows: exactly the proof's fields, nothing more.</summary>
internal static class ConsentEntities
{
    public static TableEntity ToEntity(this ConsentRecord r) => new(ConsentKeys.Partition(r.Site, r.ReceivedAt, r.ConsentId), ConsentKeys.Row(r.ReceivedAt, r.EventId))
    {
        ["ConsentId"] = r.ConsentId,
        ["EventId"] = r.EventId,
        ["Revision"] = r.Revision,
        ["ContentHash"] = r.ContentHash,
        ["Choices"] = JsonSerializer.Serialize(r.Choices),
        ["Method"] = r.Method.ToString(),
        ["Language"] = r.Language,
        ["PageUrl"] = r.PageUrl,
        ["Gpc"] = r.Gpc,
        ["ReceivedAt"] = r.ReceivedAt,
        ["ExpiresAt"] = r.ExpiresAt,
        ["IpPrefix"] = r.IpPrefix,
        ["UserAgent"] = r.UserAgent,
        ["DecidedAt"] = r.DecidedAt,
        ["Services"] = JsonSerializer.Serialize(r.Services),
    };

    public static ConsentRecord ToRecord(this TableEntity e, SiteKey site) => new(
        site,
        e.GetGuid("ConsentId") ?? Guid.Empty,
        e.GetGuid("EventId") ?? Guid.Empty,
        e.GetInt32("Revision") ?? 0,
        e.GetString("ContentHash") ?? "",
        JsonSerializer.Deserialize<Dictionary<string, bool>>(e.GetString("Choices") ?? "{}") ?? [],
        Enum.TryParse<ConsentMethod>(e.GetString("Method"), out var method) ? method : ConsentMethod.Custom,
        e.GetString("Language") ?? "",
        e.GetString("PageUrl") ?? "",
        e.GetBoolean("Gpc") ?? false,
        e.GetDateTimeOffset("ReceivedAt") ?? default,
        e.GetDateTimeOffset("ExpiresAt") ?? default,
        e.GetString("IpPrefix") ?? "",
        e.GetString("UserAgent") ?? "")
    {
        // Rows stored before decision times and per-service choices existed have neither.
        DecidedAt = e.GetDateTimeOffset("DecidedAt") ?? e.GetDateTimeOffset("ReceivedAt") ?? default,
        Services = JsonSerializer.Deserialize<Dictionary<string, bool>>(e.GetString("Services") ?? "{}") ?? [],
    };

    /// <summary>The index row: where the record of one event lives.</summary>
    public static TableEntity ToIndexEntity(this ConsentRecord r) => new(ConsentKeys.IndexPartition(r.Site, r.ConsentId), ConsentKeys.IndexRow(r.ConsentId, r.EventId))
    {
        ["RecordPartition"] = ConsentKeys.Partition(r.Site, r.ReceivedAt, r.ConsentId),
        ["RecordRow"] = ConsentKeys.Row(r.ReceivedAt, r.EventId),
        ["ReceivedAt"] = r.ReceivedAt,
    };
}
