using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;

namespace ConsentCloud.Web.Features.Agencies;

/// <summary>Creating and revoking agency API keys, shared by the management API and the portal.</summary>
public sealed class ApiKeyService(AgencyStore store, TimeProvider clock)
{
    /// <summary>Creates a key; the returned presented key is the only copy of its secret (only its hash is stored).</summary>
    public async Task<(ApiKey Key, string Presented)> CreateAsync(AgencyId agency, string name, string createdBy, CancellationToken ct)
    {
        var (keyId, hash, presented) = ApiKeyAuthentication.NewKey(agency);
        var key = new ApiKey(keyId, name.Trim(), hash, clock.GetUtcNow(), createdBy, null);
        await store.AddApiKeyAsync(agency, key, ct);
        return (key, presented);
    }

    /// <summary>False when the agency has no such key. Revoking twice keeps the first revocation time.</summary>
    public async Task<bool> RevokeAsync(AgencyId agency, string keyId, CancellationToken ct)
    {
        if (!Ids.IsValid(keyId, 16) || await store.GetApiKeyAsync(agency, keyId, ct) is not { } key)
        {
            return false;
        }

        if (key.Revoked is null)
        {
            await store.RevokeApiKeyAsync(agency, key, clock.GetUtcNow(), ct);
        }

        return true;
    }
}
