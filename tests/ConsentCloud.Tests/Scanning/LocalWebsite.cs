using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConsentCloud.Tests.Scanning;

/// <summary>
/// A client's website for the scanner, in the test: a small Kestrel app on 127.0.0.1:0 answering what the test puts
/// in per path (body, content type, status, extra headers, an optional gate to hold the answer), and recording each
/// path asked for. The scanner reaches it through Scanning:TestOrigins (the site's domain → <see cref="Origin"/>).
/// The site keys given to <see cref="Verify"/> are served in the verification file (unless a test put in its own).
/// </summary>
public sealed class LocalWebsite : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Response> responses = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> requested = new();
    private readonly ConcurrentDictionary<string, bool> verified = new(StringComparer.Ordinal);

    private LocalWebsite(WebApplication app) => this.app = app;

    public string Origin { get; private set; } = "";

    public IReadOnlyCollection<string> Requested => requested;

    public sealed record Response(int Status, string ContentType, string Body, IReadOnlyDictionary<string, string>? Headers = null, TaskCompletionSource? Gate = null);

    public static async Task<LocalWebsite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var site = new LocalWebsite(app);
        app.Run(async context =>
        {
            var path = context.Request.Path.Value + context.Request.QueryString.Value;
            site.requested.Enqueue(path);
            if (!site.responses.TryGetValue(path, out var response) && path == VerificationFile && !site.verified.IsEmpty)
            {
                response = new Response(200, "text/plain; charset=utf-8", "# ConsentCloud sites of this domain\n" + string.Join("\n", site.verified.Keys) + "\n");
            }

            if (response is null)
            {
                context.Response.StatusCode = 404;
                return;
            }

            if (response.Gate is { } gate)
            {
                await gate.Task;
            }

            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers.Append(name, value);
            }

            await context.Response.WriteAsync(response.Body);
        });
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        site.Origin = $"http://127.0.0.1:{port}";
        return site;
    }

    public const string VerificationFile = "/.well-known/consentcloud-verification.txt";

    /// <summary>Lists the site key in this website's verification file, as its owner would.</summary>
    public void Verify(string siteKey) => verified[siteKey] = true;

    public void Html(string path, string html, IReadOnlyDictionary<string, string>? headers = null, TaskCompletionSource? gate = null) =>
        responses[path] = new Response(200, "text/html; charset=utf-8", html, headers, gate);

    public void Text(string path, string contentType, string body) => responses[path] = new Response(200, contentType, body);

    public void Redirect(string path, string location) =>
        responses[path] = new Response(302, "text/plain", "", new Dictionary<string, string> { ["Location"] = location });

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
