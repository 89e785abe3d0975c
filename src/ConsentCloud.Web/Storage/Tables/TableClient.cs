using System.Text.Json;
using Azure;
using Azure.Core;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// Entity operations on one table, named after Azure.Data.Tables' TableClient. Expected outcomes are returned
/// (an existing table, a missing entity on delete); everything else throws <see cref="RequestFailedException"/>
/// carrying the service's status and error code.
/// </summary>
public sealed partial class TableClient
{
    private readonly StorageHttp _http;

    internal TableClient(StorageHttp http, string tableName)
    {
        TableKeys.ValidateTableName(tableName);
        _http = http;
        Name = tableName;
    }

    public TableClient(string connectionString, string tableName, TableClientOptions? options = null)
        : this(new TableServiceClient(connectionString, options).Http, tableName)
    {
    }

    public string Name { get; }

    public Uri Uri => new($"{_http.Endpoint}/{Name}");

    /// <summary>Creates the table; an existing table is not an error (the 409 response is returned).</summary>
    public async Task<Response<TableItem>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var request = _http.Create(RequestMethod.Post, "Tables");
        request.Headers.SetValue("Prefer", "return-no-content");
        TableProtocol.SetJson(request, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        var response = await _http.SendAsync(request, cancellationToken);
        return response.Status is 201 or 204 || StorageErrors.Read(response)?.Code == "TableAlreadyExists"
            ? Response.FromValue(new TableItem(Name), response)
            : throw StorageErrors.Exception(response);
    }

    /// <summary>Deletes the table; a missing table is not an error.</summary>
    public Task<Response> DeleteAsync(CancellationToken cancellationToken = default) =>
        _http.SendAsync(_http.Create(RequestMethod.Delete, $"Tables('{Name}')"), [204, 404], cancellationToken);

    /// <summary>Inserts; 409 <c>EntityAlreadyExists</c> when the keys are taken.</summary>
    public Task<Response> AddEntityAsync<T>(T entity, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        TableKeys.ValidateKeys(entity);
        var request = _http.Create(RequestMethod.Post, Name);
        request.Headers.SetValue("Prefer", "return-no-content");
        TableProtocol.SetJson(request, TableEntityJson.Serialize(entity));
        return _http.SendAsync(request, [201, 204], cancellationToken);
    }

    /// <summary>Inserts or updates without a condition; <see cref="TableUpdateMode.Merge"/> keeps properties not sent.</summary>
    public Task<Response> UpsertEntityAsync<T>(T entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new() =>
        SendUpdateAsync(entity, ifMatch: null, mode, cancellationToken);

    /// <summary>Updates an existing entity if its ETag still matches <paramref name="ifMatch"/> (or use <see cref="ETag.All"/>); 412 otherwise.</summary>
    public Task<Response> UpdateEntityAsync<T>(T entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        if (ifMatch == default)
        {
            throw new ArgumentException("An update needs an ETag to match; pass ETag.All to update unconditionally.", nameof(ifMatch));
        }

        return SendUpdateAsync(entity, ifMatch, mode, cancellationToken);
    }

    /// <summary>
    /// Deletes an entity if its ETag matches (default: any). A missing entity is not an error: the 404 response
    /// is returned. A stale ETag throws 412.
    /// </summary>
    public Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        var request = _http.Create(RequestMethod.Delete, Name + TableKeys.KeySegment(partitionKey, rowKey));
        request.Headers.SetValue("If-Match", ifMatch == default ? ETag.All.ToString() : ifMatch.ToString());
        return _http.SendAsync(request, [204, 404], cancellationToken);
    }

    private Task<Response> SendUpdateAsync(ITableEntity entity, ETag? ifMatch, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        TableKeys.ValidateKeys(entity);
        var method = mode == TableUpdateMode.Replace ? RequestMethod.Put : TableProtocol.Merge;
        var request = _http.Create(method, Name + TableKeys.KeySegment(entity.PartitionKey, entity.RowKey));
        if (ifMatch is { } etag)
        {
            request.Headers.SetValue("If-Match", etag.ToString());
        }

        TableProtocol.SetJson(request, TableEntityJson.Serialize(entity));
        return _http.SendAsync(request, [204], cancellationToken);
    }
}
