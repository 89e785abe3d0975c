using System.Text.Json;
using Azure;
using Azure.Core;

namespace ConsentCloud.Web.Storage;

public sealed partial class TableClient
{
    /// <summary>
    /// Builds an OData filter from an interpolated string, turning each argument into a literal:
    /// strings quoted with single quotes doubled, long with an <c>L</c>, <c>datetime'...'</c>, <c>guid'...'</c>,
    /// lowercase booleans. <c>CreateQueryFilter($"PartitionKey eq {tenant} and Count gt {10L}")</c>.
    /// </summary>
    public static string CreateQueryFilter(FormattableString filter) => TableQueryFilter.Create(filter);

    /// <summary>Point read; throws <see cref="RequestFailedException"/> with status 404 when the entity does not exist.</summary>
    public async Task<Response<T>> GetEntityAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        var response = await SendGetEntityAsync(partitionKey, rowKey, select, cancellationToken);
        return response.Status == 200 ? Response.FromValue(ReadEntity<T>(response), response) : throw StorageErrors.Exception(response);
    }

    /// <summary>Point read that answers "no value" instead of throwing when the entity does not exist.</summary>
    public async Task<NullableResponse<T>> GetEntityIfExistsAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        var response = await SendGetEntityAsync(partitionKey, rowKey, select, cancellationToken);
        return response.Status switch
        {
            200 => Response.FromValue(ReadEntity<T>(response), response),
            404 => new NoValueResponse<T>(response),
            _ => throw StorageErrors.Exception(response),
        };
    }

    /// <summary>
    /// Queries entities, following continuation tokens across pages (a page may be empty and still continue).
    /// <paramref name="maxPerPage"/> becomes <c>$top</c> of each request (the service caps pages at 1,000).
    /// </summary>
    public AsyncPageable<T> QueryAsync<T>(string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        var selectList = SelectList(select);
        return new StoragePageable<T>((token, pageSize, ct) => GetPageAsync<T>(filter, pageSize ?? maxPerPage, selectList, token, ct), cancellationToken);
    }

    private async Task<Page<T>> GetPageAsync<T>(string? filter, int? top, string? select, string? continuationToken, CancellationToken cancellationToken)
        where T : class, ITableEntity, new()
    {
        var query = new List<string>();
        AddQuery(query, "$filter", filter);
        AddQuery(query, "$select", select);
        AddQuery(query, "$top", top?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (continuationToken is not null)
        {
            var keys = continuationToken.Split(' ', 2);
            AddQuery(query, "NextPartitionKey", keys[0]);
            AddQuery(query, "NextRowKey", keys.Length > 1 ? keys[1] : null);
        }

        var request = _http.Create(RequestMethod.Get, $"{Name}(){(query.Count > 0 ? "?" + string.Join('&', query) : string.Empty)}");
        var response = await _http.SendAsync(request, [200], cancellationToken);

        using var document = JsonDocument.Parse(response.Content);
        var entities = document.RootElement.GetProperty("value").EnumerateArray()
            .Select(TableEntityJson.Deserialize<T>)
            .ToList();
        return Page<T>.FromValues(entities, NextToken(response), response);
    }

    private async Task<Response> SendGetEntityAsync(string partitionKey, string rowKey, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        AddQuery(query, "$select", SelectList(select));
        var path = Name + TableKeys.KeySegment(partitionKey, rowKey) + (query.Count > 0 ? "?" + query[0] : string.Empty);
        return await _http.SendAsync(_http.Create(RequestMethod.Get, path), cancellationToken);
    }

    private static T ReadEntity<T>(Response response)
        where T : class, ITableEntity, new()
    {
        using var document = JsonDocument.Parse(response.Content);
        var entity = TableEntityJson.Deserialize<T>(document.RootElement);
        if (entity.ETag == default && response.Headers.ETag is { } etag)
        {
            entity.ETag = etag;
        }

        return entity;
    }

    /// <summary>"NextPartitionKey NextRowKey", the continuation token format of Azure.Data.Tables.</summary>
    private static string? NextToken(Response response)
    {
        if (!response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var partition) || partition.Length == 0)
        {
            return null;
        }

        return response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var row) && row.Length > 0
            ? $"{partition} {row}"
            : partition;
    }

    private static string? SelectList(IEnumerable<string>? select) =>
        select is null ? null : string.Join(',', select) is { Length: > 0 } list ? list : null;

    private static void AddQuery(List<string> query, string name, string? value)
    {
        if (value is not null)
        {
            query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
    }
}
