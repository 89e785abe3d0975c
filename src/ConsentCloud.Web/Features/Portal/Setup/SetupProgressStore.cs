using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Portal.Setup;

/// <summary>Which wizard steps a site has been through: all the wizard keeps beyond the site and its drafts.</summary>
public sealed record SetupProgress(IReadOnlyList<string> Done)
{
    public static SetupProgress None { get; } = new([]);

    public bool IsDone(SetupStep step) => Done.Contains(step.Slug);

    /// <summary>Where "continue setup" goes: the first step not done yet (publish once all are).</summary>
    public SetupStep NextStep => SetupSteps.All.FirstOrDefault(s => !IsDone(s)) ?? SetupSteps.Publish;
}

/// <summary>The marker is a small blob beside the site's drafts: "drafts/{agency}/{site}.setup.json".</summary>
public sealed class SetupProgressStore(AppStorage storage)
{
    private BlobClient Blob(AgencyId agency, SiteKey site) =>
        storage.Container(AppStorage.DraftsContainer).GetBlobClient($"{agency.Value}/{site.Value}.setup.json");

    public async Task<SetupProgress> GetAsync(AgencyId agency, SiteKey site, CancellationToken ct) =>
        (await JsonBlob.ReadAsync<SetupProgress>(Blob(agency, site), ct))?.Value ?? SetupProgress.None;

    /// <summary>Records a step as done (idempotent; two people finishing steps at once both count).</summary>
    public async Task MarkDoneAsync(AgencyId agency, SiteKey site, SetupStep step, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var found = await JsonBlob.ReadAsync<SetupProgress>(Blob(agency, site), ct);
            if (found?.Value.IsDone(step) == true)
            {
                return;
            }

            var done = (found?.Value.Done ?? []).Append(step.Slug).ToList();
            try
            {
                await JsonBlob.WriteAsync(Blob(agency, site), new SetupProgress(done), found?.ETag, ct);
                return;
            }
            catch (Azure.RequestFailedException e) when (e.Status is 412 or 404)
            {
                // someone else marked a step in between: read again
            }
        }
    }

    public async Task DeleteAsync(AgencyId agency, SiteKey site, CancellationToken ct) => await Blob(agency, site).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);
}
