using Azure;
using Azure.Data.Tables;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Agencies;

/// <summary>Agencies, their members and API keys. Every method takes the agency (the tenant) first.</summary>
public sealed class AgencyStore(AppStorage storage)
{
    private TableClient Agencies => storage.Table(AppStorage.AgenciesTable);
    private TableClient Memberships => storage.Table(AppStorage.MembershipsTable);

    /// <summary>The agency and its first Owner are written together; the user's index row follows.</summary>
    public async Task CreateAsync(Agency agency, Member owner, CancellationToken ct)
    {
        await Agencies.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, agency.ToEntity()),
            new TableTransactionAction(TableTransactionActionType.Add, owner.ToEntity(agency.Id)),
        ], ct);
        await Memberships.UpsertEntityAsync(new TableEntity(owner.UserKey, agency.Id.Value), TableUpdateMode.Replace, ct);
    }

    public async Task<Agency?> GetAsync(AgencyId agency, CancellationToken ct)
    {
        var row = await Agencies.GetEntityIfExistsAsync<TableEntity>(agency.Value, AgencyEntities.AgencyRow, cancellationToken: ct);
        return row.HasValue ? row.Value!.ToAgency() : null;
    }

    public Task UpdateAsync(Agency agency, CancellationToken ct) =>
        Agencies.UpsertEntityAsync(agency.ToEntity(), TableUpdateMode.Merge, ct);

    public async Task<IReadOnlyList<Agency>> ListForUserAsync(string userKey, CancellationToken ct)
    {
        var agencies = new List<Agency>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userKey}");
        await foreach (var index in Memberships.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var agency = new AgencyId(index.RowKey);
            // The index can outlive a removal that failed half-way; the member row in the agency is the truth.
            if (await GetMemberAsync(agency, userKey, ct) is not null && await GetAsync(agency, ct) is { } found)
            {
                agencies.Add(found);
            }
        }

        return agencies;
    }

    public async Task<Member?> GetMemberAsync(AgencyId agency, string userKey, CancellationToken ct)
    {
        var row = await Agencies.GetEntityIfExistsAsync<TableEntity>(agency.Value, AgencyEntities.MemberPrefix + userKey, cancellationToken: ct);
        return row.HasValue ? row.Value!.ToMember() : null;
    }

    public async Task<IReadOnlyList<Member>> ListMembersAsync(AgencyId agency, CancellationToken ct)
    {
        var members = new List<Member>();
        await foreach (var row in Agencies.QueryAsync<TableEntity>(AgencyEntities.RowPrefixFilter(agency, AgencyEntities.MemberPrefix), cancellationToken: ct))
        {
            members.Add(row.ToMember());
        }

        return members;
    }

    public async Task SaveMemberAsync(AgencyId agency, Member member, CancellationToken ct)
    {
        await Agencies.UpsertEntityAsync(member.ToEntity(agency), TableUpdateMode.Replace, ct);
        await Memberships.UpsertEntityAsync(new TableEntity(member.UserKey, agency.Value), TableUpdateMode.Replace, ct);
    }

    public async Task RemoveMemberAsync(AgencyId agency, string userKey, CancellationToken ct)
    {
        await Agencies.DeleteEntityAsync(agency.Value, AgencyEntities.MemberPrefix + userKey, ETag.All, ct);
        await Memberships.DeleteEntityAsync(userKey, agency.Value, ETag.All, ct);
    }

    public Task AddApiKeyAsync(AgencyId agency, ApiKey key, CancellationToken ct) =>
        Agencies.AddEntityAsync(key.ToEntity(agency), ct);

    public async Task<ApiKey?> GetApiKeyAsync(AgencyId agency, string keyId, CancellationToken ct)
    {
        var row = await Agencies.GetEntityIfExistsAsync<TableEntity>(agency.Value, AgencyEntities.ApiKeyPrefix + keyId, cancellationToken: ct);
        return row.HasValue ? row.Value!.ToApiKey() : null;
    }

    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(AgencyId agency, CancellationToken ct)
    {
        var keys = new List<ApiKey>();
        await foreach (var row in Agencies.QueryAsync<TableEntity>(AgencyEntities.RowPrefixFilter(agency, AgencyEntities.ApiKeyPrefix), cancellationToken: ct))
        {
            keys.Add(row.ToApiKey());
        }

        return keys;
    }

    public Task RevokeApiKeyAsync(AgencyId agency, ApiKey key, DateTimeOffset when, CancellationToken ct) =>
        SaveApiKeyAsync(agency, key with { Revoked = when }, ct);

    public Task SaveApiKeyAsync(AgencyId agency, ApiKey key, CancellationToken ct) =>
        Agencies.UpsertEntityAsync(key.ToEntity(agency), TableUpdateMode.Replace, ct);

    public Task AddInvitationAsync(AgencyId agency, Invitation invitation, CancellationToken ct) =>
        Agencies.AddEntityAsync(invitation.ToEntity(agency), ct);

    public async Task<(Invitation Invitation, ETag ETag)?> GetInvitationAsync(AgencyId agency, string invitationId, CancellationToken ct)
    {
        var row = await Agencies.GetEntityIfExistsAsync<TableEntity>(agency.Value, AgencyEntities.InvitationPrefix + invitationId, cancellationToken: ct);
        return row.HasValue ? (row.Value!.ToInvitation(), row.Value!.ETag) : null;
    }

    public async Task<IReadOnlyList<Invitation>> ListInvitationsAsync(AgencyId agency, CancellationToken ct)
    {
        var invitations = new List<Invitation>();
        await foreach (var row in Agencies.QueryAsync<TableEntity>(AgencyEntities.RowPrefixFilter(agency, AgencyEntities.InvitationPrefix), cancellationToken: ct))
        {
            invitations.Add(row.ToInvitation());
        }

        return invitations;
    }

    /// <summary>Replaces the invitation only if nobody changed it since it was read (412 otherwise): accepting is single-use.</summary>
    public Task UpdateInvitationAsync(AgencyId agency, Invitation invitation, ETag ifMatch, CancellationToken ct) =>
        Agencies.UpdateEntityAsync(invitation.ToEntity(agency), ifMatch, TableUpdateMode.Replace, ct);
}
