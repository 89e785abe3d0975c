using Azure;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// An <see cref="AsyncPageable{T}"/> that fetches one page per call and follows the continuation token
/// until the service stops returning one (pages may be empty and still continue).
/// </summary>
internal sealed class StoragePageable<T>(
    Func<string?, int?, CancellationToken, Task<Page<T>>> fetchPage,
    CancellationToken cancellationToken) : AsyncPageable<T>(cancellationToken)
    where T : notnull
{
    public override async IAsyncEnumerable<Page<T>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
    {
        do
        {
            var page = await fetchPage(continuationToken, pageSizeHint, CancellationToken);
            yield return page;
            continuationToken = page.ContinuationToken;
        }
        while (!string.IsNullOrEmpty(continuationToken));
    }
}
