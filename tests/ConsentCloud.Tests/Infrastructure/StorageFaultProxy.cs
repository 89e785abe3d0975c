using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsentCloud.Tests.Infrastructure;

/// <summary>
/// A loopback pass-through in front of one Azurite service, so a test can cut storage off mid-run: every request is
/// forwarded byte for byte (signatures stay valid) until <see cref="Fail"/> says otherwise, and then the connection is
/// dropped, as when the storage account is unreachable.
/// </summary>
public sealed class StorageFaultProxy : IAsyncDisposable
{
    private static readonly HttpClient Forwarder = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly WebApplication app;
    private readonly Uri target;

    private StorageFaultProxy(WebApplication app, Uri target, string address)
    {
        this.app = app;
        this.target = target;
        Address = address;
    }

    /// <summary>The proxy's base address, with the account path of the target ("http://127.0.0.1:P/devstoreaccount1").</summary>
    public string Address { get; }

    /// <summary>Which requests to drop (method, path); null forwards everything.</summary>
    public Func<string, string, bool>? Fail { get; set; }

    /// <summary>What to wait for before forwarding a request (method, path), e.g. a gate the test opens; null waits for nothing.</summary>
    public Func<string, string, Task>? Hold { get; set; }

    /// <summary>Sees each request forwarded (method, path, body) before it goes on.</summary>
    public Action<string, string, byte[]>? Observe { get; set; }

    private int dropped;

    /// <summary>How many requests were dropped so far.</summary>
    public int Dropped => Volatile.Read(ref dropped);

    public static async Task<StorageFaultProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        StorageFaultProxy? proxy = null;
        app.Run(context => proxy!.ForwardAsync(context));
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        proxy = new StorageFaultProxy(app, target, bound.TrimEnd('/') + target.AbsolutePath.TrimEnd('/'));
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        if (Fail?.Invoke(request.Method, request.Path.Value ?? "") == true)
        {
            Interlocked.Increment(ref dropped);
            context.Abort();
            return;
        }

        if (Hold?.Invoke(request.Method, request.Path.Value ?? "") is { } hold)
        {
            await hold;
        }

        using var outgoing = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(target, request.Path.Value + request.QueryString.Value));
        var bytes = Array.Empty<byte>();
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            bytes = body.ToArray();
            outgoing.Content = new ByteArrayContent(bytes);
        }

        Observe?.Invoke(request.Method, request.Path.Value ?? "", bytes);

        foreach (var header in request.Headers)
        {
            if (header.Key is "Host" or "Content-Length" or "Transfer-Encoding")
            {
                continue;
            }

            if (!outgoing.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
            {
                outgoing.Content ??= new ByteArrayContent([]);
                outgoing.Content.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        using var response = await Forwarder.SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (header.Key is not ("Transfer-Encoding" or "Connection"))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
