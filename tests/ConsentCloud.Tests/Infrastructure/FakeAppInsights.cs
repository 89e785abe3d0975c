using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
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
/// Application Insights' ingestion endpoint on loopback: it keeps every telemetry item the Azure Monitor exporter
/// sends (the JSON lines of /v2.1/track, gzipped or not) and accepts them all, so a test reads exactly what would
/// leave the app.
/// </summary>
public sealed class FakeAppInsights : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeAppInsights(WebApplication app) => this.app = app;

    /// <summary>Every item received, as sent (one JSON envelope each).</summary>
    public ConcurrentQueue<string> Items { get; } = new();

    public string ConnectionString { get; private set; } = "";

    /// <summary>The items parsed, with their envelope name (Request, RemoteDependency, Metric, Message, ...).</summary>
    public IReadOnlyList<JsonElement> Envelopes => [.. Items.Select(i => JsonDocument.Parse(i).RootElement.Clone())];

    public static async Task<FakeAppInsights> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var host = builder.Build();
        var fake = new FakeAppInsights(host);
        host.MapPost("/{**path}", (Delegate)fake.TrackAsync);
        await host.StartAsync();
        var address = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        fake.ConnectionString = $"InstrumentationKey={Guid.NewGuid()};IngestionEndpoint={address.TrimEnd('/')}/";
        return fake;
    }

    private async Task<IResult> TrackAsync(HttpContext context)
    {
        var body = context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
            : context.Request.Body;
        using var reader = new StreamReader(body);
        var count = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                Items.Enqueue(line);
                count++;
            }
        }

        return Results.Json(new { itemsReceived = count, itemsAccepted = count, errors = Array.Empty<object>() });
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
