using System.Net;

namespace ConsentCloud.Tests.Storage;

/// <summary>Answers requests in-process from a queue of status codes (the last one repeats) and records what was sent.</summary>
internal sealed class StubHttpHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
{
    private readonly Queue<HttpStatusCode> _statuses = new(statuses.Length > 0 ? statuses : [HttpStatusCode.NoContent]);

    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var status = _statuses.Count > 1 ? _statuses.Dequeue() : _statuses.Peek();
        return Task.FromResult(new HttpResponseMessage(status) { RequestMessage = request, Content = new ByteArrayContent([]) });
    }
}
