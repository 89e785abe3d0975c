using Azure.Data.Tables;
using ConsentCloud.Web.Api;

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
    public const string InvitationPrefix = "invite|";

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
        ["Sites"] = JoinSites(member.Sites),
    };

    /// <summary>Rows written before roles had sites have no Sites column: an empty list. An unknown role reads as the least.</summary>
    public static Member ToMember(this TableEntity e) => new(
        e.RowKey[MemberPrefix.Length..],
        Enum.TryParse<AgencyRole>(e.GetString("Role"), out var role) && Enum.IsDefined(role) ? role : AgencyRole.ClientViewer,
        e.GetString("DisplayName"), e.GetString("Email"), e.GetDateTimeOffset("Added") ?? default)
    {
        Sites = SplitSites(e.GetString("Sites")),
    };

    public static TableEntity ToEntity(this Invitation invitation, AgencyId agency) => new(agency.Value, InvitationPrefix + invitation.InvitationId)
    {
        ["Email"] = invitation.Email,
        ["Role"] = invitation.Role.ToString(),
        ["Sites"] = JoinSites(invitation.Sites),
        ["SecretHash"] = invitation.SecretHash,
        ["Created"] = invitation.Created,
        ["CreatedBy"] = invitation.CreatedBy,
        ["Expires"] = invitation.Expires,
        ["Accepted"] = invitation.Accepted,
        ["AcceptedBy"] = invitation.AcceptedBy,
        ["Revoked"] = invitation.Revoked,
    };

    public static Invitation ToInvitation(this TableEntity e) => new(
        e.RowKey[InvitationPrefix.Length..], e.GetString("Email") ?? "",
        Enum.TryParse<AgencyRole>(e.GetString("Role"), out var role) && Enum.IsDefined(role) ? role : AgencyRole.ClientViewer,
        SplitSites(e.GetString("Sites")), e.GetString("SecretHash") ?? "",
        e.GetDateTimeOffset("Created") ?? default, e.GetString("CreatedBy") ?? "", e.GetDateTimeOffset("Expires") ?? default,
        e.GetDateTimeOffset("Accepted"), e.GetString("AcceptedBy"), e.GetDateTimeOffset("Revoked"));

    // Site keys are base32 (no commas), so a comma-separated list is unambiguous and stays readable in Storage Explorer.
    private static string JoinSites(IReadOnlyList<string> sites) => string.Join(',', sites);

    private static string[] SplitSites(string? value) => value?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];

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
