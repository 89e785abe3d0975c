using System.Text.Json;
using Azure;
using Azure.Core;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// The account's Table endpoint, named after Azure.Data.Tables' TableServiceClient: hands out
/// <see cref="TableClient"/>s and manages tables. Authenticates with Shared Key Lite (connection string)
/// or a bearer token for <c>https://storage.azure.com/.default</c> (managed identity).
/// </summary>
public sealed class TableServiceClient
{
    public TableServiceClient(string connectionString, TableClientOptions? options = null)
    {
        var parsed = StorageConnectionString.Parse(connectionString);
        var authentication = new TableSharedKeyLitePolicy(parsed.Credential, TimeProvider.System);
        Http = new StorageHttp(StoragePipeline.Build(options ?? new TableClientOptions(), authentication), parsed.TableEndpoint, TableProtocol.Headers);
    }

    public TableServiceClient(Uri endpoint, TokenCredential credential, TableClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credential);
        Http = new StorageHttp(StoragePipeline.Build(options ?? new TableClientOptions(), StoragePipeline.Bearer(credential)), endpoint, TableProtocol.Headers);
    }

    public Uri Uri => new(Http.Endpoint);

    internal StorageHttp Http { get; }

    public TableClient GetTableClient(string tableName) => new(Http, tableName);

    public Task<Response<TableItem>> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken = default) =>
        GetTableClient(tableName).CreateIfNotExistsAsync(cancellationToken);

    /// <summary>Deletes a table; a missing table is not an error.</summary>
    public Task<Response> DeleteTableAsync(string tableName, CancellationToken cancellationToken = default) =>
        GetTableClient(tableName).DeleteAsync(cancellationToken);

    /// <summary>Lists tables, e.g. <c>QueryAsync(TableClient.CreateQueryFilter($"TableName ge {prefix}"))</c>.</summary>
    public AsyncPageable<TableItem> QueryAsync(string? filter = null, int? maxPerPage = null, CancellationToken cancellationToken = default) =>
        new StoragePageable<TableItem>((token, pageSize, ct) => GetTablesPageAsync(filter, pageSize ?? maxPerPage, token, ct), cancellationToken);

    private async Task<Page<TableItem>> GetTablesPageAsync(string? filter, int? top, string? continuationToken, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (filter is not null)
        {
            query.Add("$filter=" + Uri.EscapeDataString(filter));
        }

        if (top is not null)
        {
            query.Add("$top=" + top.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (continuationToken is not null)
        {
            query.Add("NextTableName=" + Uri.EscapeDataString(continuationToken));
        }

        var request = Http.Create(RequestMethod.Get, "Tables" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty));
        var response = await Http.SendAsync(request, [200], cancellationToken);
        using var document = JsonDocument.Parse(response.Content);
        var tables = document.RootElement.GetProperty("value").EnumerateArray()
            .Select(t => new TableItem(t.GetProperty("TableName").GetString()!))
            .ToList();
        var next = response.Headers.TryGetValue("x-ms-continuation-NextTableName", out var name) && name.Length > 0 ? name : null;
        return Page<TableItem>.FromValues(tables, next, response);
    }
}
