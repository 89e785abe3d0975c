using ConsentCloud.Web.Api;
using ConsentCloud.Web.Storage;

namespace ConsentCloud.Web.Features.Agencies;

/// <summary>
/// Agencies table: one partition per agency holding the agency row, its members and its API keys, so every
/// management check ("is this user a member?", "is this key valid?") is a point read in the agency's own partition.
/// Memberships table: PartitionKey = user key, RowKey = agency id: "which agencies am I in" is one partition.
/// </summary>
internal static class AgencyEntities
{
    public const string AgencyRow = "agency";
    public const string MemberPrefix = "member|";
    public const string ApiKeyPrefix = "apikey|";

    public static TableEntity ToEntity(this Agency agency) => new(agency.Id.Value, AgencyRow)
    {
        ["Name"] = agency.Name,
        ["Country"] = agency.Country,
        ["Created"] = agency.Created,
        ["CreatedBy"] = agency.CreatedBy,
    };

    public static Agency ToAgency(this TableEntity e) => new(
        new AgencyId(e.PartitionKey), e.GetString("Name") ?? "", e.GetString("Country") ?? "",
        e.GetDateTimeOffset("Created") ?? default, e.GetString("CreatedBy") ?? "");

    public static TableEntity ToEntity(this Member member, AgencyId agency) => new(agency.Value, MemberPrefix + member.UserKey)
    {
        ["Role"] = member.Role.ToString(),
        ["DisplayName"] = member.DisplayName,
        ["Email"] = member.Email,
        ["Added"] = member.Added,
    };

    public static Member ToMember(this TableEntity e) => new(
        e.RowKey[MemberPrefix.Length..],
        Enum.TryParse<AgencyRole>(e.GetString("Role"), out var role) ? role : AgencyRole.Member,
        e.GetString("DisplayName"), e.GetString("Email"), e.GetDateTimeOffset("Added") ?? default);

    public static TableEntity ToEntity(this ApiKey key, AgencyId agency) => new(agency.Value, ApiKeyPrefix + key.KeyId)
    {
        ["Name"] = key.Name,
        ["SecretHash"] = key.SecretHash,
        ["Created"] = key.Created,
        ["CreatedBy"] = key.CreatedBy,
        ["Revoked"] = key.Revoked,
    };

    public static ApiKey ToApiKey(this TableEntity e) => new(
        e.RowKey[ApiKeyPrefix.Length..], e.GetString("Name") ?? "", e.GetString("SecretHash") ?? "",
        e.GetDateTimeOffset("Created") ?? default, e.GetString("CreatedBy") ?? "", e.GetDateTimeOffset("Revoked"));

    /// <summary>Rows of one kind in one partition: RowKey in [prefix, prefix with its last character incremented).</summary>
    public static string RowPrefixFilter(AgencyId agency, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {agency.Value} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");
}
