using System.Text.Json;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Sites;

/// <summary>
/// Sites table: PartitionKey = agency id, RowKey = site key, so an agency's site list is one partition and a site can
/// only be read through its agency. SiteKeys table: PartitionKey = site key → agency id, for the public endpoints
/// that know only the key. Nested values are stored as compact JSON strings (each well under the 64 KiB limit).
/// </summary>
internal static class SiteEntities
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TableEntity ToEntity(this Site site) => new(site.Agency.Value, site.Key.Value)
    {
        ["DisplayName"] = site.DisplayName,
        ["Company"] = JsonSerializer.Serialize(site.Company, Json),
        ["Country"] = site.Country,
        ["Domains"] = JsonSerializer.Serialize(site.Domains, Json),
        ["DefaultLanguage"] = site.DefaultLanguage,
        ["Languages"] = string.Join(',', site.Languages),
        ["AcceptValidityMonths"] = site.Consent.AcceptValidityMonths,
        ["DeclineValidityMonths"] = site.Consent.DeclineValidityMonths,
        ["RetentionMonths"] = site.Consent.RetentionMonths,
        ["HonourGpc"] = site.Consent.HonourGlobalPrivacyControl,
        ["LatestRevision"] = site.LatestRevision,
        ["PublishedAt"] = site.PublishedAt,
        ["Created"] = site.Created,
        ["Updated"] = site.Updated,
        ["Deleted"] = site.Deleted,
        ["PastValidityMonths"] = string.Join(',', site.PastValidityMonths),
        ["Demo"] = site.IsDemo,
    };

    public static Site ToSite(this TableEntity e) => new(
        new SiteKey(e.RowKey),
        new AgencyId(e.PartitionKey),
        e.GetString("DisplayName") ?? "",
        JsonSerializer.Deserialize<Company>(e.GetString("Company") ?? "null", Json) ?? throw new InvalidDataException("Site without company."),
        e.GetString("Country") ?? "",
        JsonSerializer.Deserialize<string[]>(e.GetString("Domains") ?? "[]", Json) ?? [],
        e.GetString("DefaultLanguage") ?? "en",
        (e.GetString("Languages") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        new ConsentSettings(
            e.GetInt32("AcceptValidityMonths") ?? ConsentSettings.Default.AcceptValidityMonths,
            e.GetInt32("DeclineValidityMonths") ?? ConsentSettings.Default.DeclineValidityMonths,
            e.GetInt32("RetentionMonths") ?? ConsentSettings.Default.RetentionMonths,
            e.GetBoolean("HonourGpc") ?? true),
        e.GetInt32("LatestRevision") ?? 0,
        e.GetDateTimeOffset("PublishedAt"),
        e.GetDateTimeOffset("Created") ?? default,
        e.GetDateTimeOffset("Updated") ?? default,
        e.GetDateTimeOffset("Deleted"))
    {
        PastValidityMonths = (e.GetString("PastValidityMonths") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList(),
        IsDemo = e.GetBoolean("Demo") ?? false,
    };
}
