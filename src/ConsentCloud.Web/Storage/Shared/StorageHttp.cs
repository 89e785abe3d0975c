using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ConsentCloud.Web.Storage;

/// <summary>Creates and sends requests below one service endpoint, with the headers every operation of that service needs.</summary>
internal sealed class StorageHttp(HttpPipeline pipeline, Uri endpoint, IReadOnlyList<KeyValuePair<string, string>> defaultHeaders)
{
    /// <summary>The account endpoint without a trailing slash, e.g. <c>http://127.0.0.1:10002/devstoreaccount1</c>.</summary>
    public string Endpoint { get; } = endpoint.AbsoluteUri.TrimEnd('/');

    /// <param name="method">The HTTP method.</param>
    /// <param name="relativeUri">Path and query below the endpoint, already escaped.</param>
    public Request Create(RequestMethod method, string relativeUri)
    {
        var request = pipeline.CreateRequest();
        request.Method = method;
        request.Uri.Reset(new Uri($"{Endpoint}/{relativeUri}"));
        foreach (var (name, value) in defaultHeaders)
        {
            request.Headers.SetValue(name, value);
        }

        return request;
    }

    public async Task<Response> SendAsync(Request request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await pipeline.SendRequestAsync(request, cancellationToken);
        }
    }

    /// <summary>Sends and throws <see cref="RequestFailedException"/> unless the status is one of <paramref name="expected"/>.</summary>
    public async Task<Response> SendAsync(Request request, IReadOnlyCollection<int> expected, CancellationToken cancellationToken)
    {
        var response = await SendAsync(request, cancellationToken);
        return expected.Contains(response.Status) ? response : throw StorageErrors.Exception(response);
    }
}
