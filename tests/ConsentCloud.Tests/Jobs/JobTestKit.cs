using System.Net.Http.Json;
using Azure.Data.Tables;
using ConsentCloud.Tests.Consents;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Jobs;

/// <summary>Decisions made through the API at chosen times, jobs run through the runner, and the rows they leave.</summary>
internal static class JobTestKit
{
    public static readonly Dictionary<string, bool> Accepted = new() { ["necessary"] = true, ["preferences"] = true, ["statistics"] = true, ["marketing"] = true };
    public static readonly Dictionary<string, bool> Declined = new() { ["necessary"] = true };

    public static async Task<Guid> DecideAsync(TestApp app, string siteKey, bool accept)
    {
        var consentId = Guid.NewGuid();
        var response = await ConsentClient.PostAsync(app.CreateClient(), siteKey, ConsentClient.Decision(consentId, accept ? "acceptAll" : "rejectAll", accept ? Accepted : Declined));
        response.EnsureSuccessStatusCode();
        return consentId;
    }

    public static Task<JobRunResult> RunAsync(TestApp app, string job, CancellationToken ct = default) =>
        app.Services.GetRequiredService<JobRunner>().RunAsync(job, "test", null, ct);

    /// <summary>The stored State of a consent id's records ("" when not marked).</summary>
    public static async Task<List<string>> StatesAsync(TestApp app, string siteKey, Guid consentId) =>
        (await ConsentClient.RawRowsAsync(app, siteKey, consentId)).Records.Select(r => r.GetString("State") ?? "").ToList();

    /// <summary>All consent records of a site, read straight from the table.</summary>
    public static async Task<List<TableEntity>> AllRecordsAsync(TestApp app, string siteKey)
    {
        var table = new TableServiceClient(Azurite.ConnectionString).GetTableClient(app.Prefix + "Consents");
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {siteKey} and PartitionKey lt {siteKey + "~"}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static async Task<int> CountAsync(TestApp app, string table, string partitionPrefix)
    {
        var client = new TableServiceClient(Azurite.ConnectionString).GetTableClient(app.Prefix + table);
        var count = 0;
        await foreach (var _ in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {partitionPrefix} and PartitionKey lt {partitionPrefix + "~"}")))
        {
            count++;
        }

        return count;
    }

    public static async Task SetConsentSettingsAsync(TestAgency agency, string siteKey, object consent)
    {
        var site = TestApp.SampleSite();
        site["consent"] = consent;
        (await agency.Owner.PutAsJsonAsync(agency.Path($"/sites/{siteKey}"), site)).EnsureSuccessStatusCode();
    }
}
