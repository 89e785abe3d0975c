using Azure;
using Azure.Core;

namespace ConsentCloud.Web.Storage;

public sealed partial class TableClient
{
    /// <summary>
    /// Runs up to 100 actions on one partition atomically. Refused before sending (ArgumentException) when empty,
    /// over 100 actions, spanning partitions, touching an entity twice or over 4 MiB. On failure nothing is written
    /// and <see cref="TableTransactionFailedException"/> names the failing action. On success the value holds one
    /// response per action, in order (their ETag headers are the new ETags).
    /// </summary>
    public async Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> transactionActions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactionActions);
        var actions = transactionActions.ToList();
        var batch = TableTransactionRequest.Create($"{_http.Endpoint}/{Name}", actions);

        var request = _http.Create(RequestMethod.Post, "$batch");
        request.Headers.SetValue("Content-Type", batch.ContentType);
        request.Content = RequestContent.Create(batch.Body);
        var response = await _http.SendAsync(request, [202], cancellationToken);

        var parts = TableTransactionResponse.Read(response);
        TableTransactionResponse.ThrowIfFailed(parts);
        if (parts.Count != actions.Count)
        {
            throw new InvalidOperationException($"The transaction response has {parts.Count} parts for {actions.Count} actions.");
        }

        return Response.FromValue(parts, response);
    }
}
