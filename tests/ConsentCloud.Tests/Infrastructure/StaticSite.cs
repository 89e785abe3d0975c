using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsentCloud.Tests.Infrastructure;

/// <summary>
/// A client's website for browser tests: serves pages the test puts in (HTML by path) on its own loopback origin
/// (http://localhost:PORT, a different origin from the app on 127.0.0.1), plus any other files (scripts a page loads).
/// </summary>
public sealed class StaticSite : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, (string ContentType, string Body)> files = new();
    private readonly ConcurrentBag<string> requested = [];

    private StaticSite(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Paths requested so far (to assert that a blocked script was or was not fetched).</summary>
    public IReadOnlyCollection<string> Requested => requested;

    public static async Task<StaticSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var site = new StaticSite(app);
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            site.requested.Add(path);
            if (!site.files.TryGetValue(path, out var file))
            {
                context.Response.StatusCode = 404;
                return;
            }

            context.Response.ContentType = file.ContentType;
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(file.Body);
        });
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        site.BaseUrl = $"http://localhost:{port}";
        return site;
    }

    public string Put(string path, string html, string contentType = "text/html; charset=utf-8")
    {
        files[path] = (contentType, html);
        return BaseUrl + path;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
