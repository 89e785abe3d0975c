using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Jobs.JobTestKit;

namespace ConsentCloud.Tests.Hosting;

/// <summary>The app on a real port with APPLICATIONINSIGHTS_CONNECTION_STRING pointing at a fake ingestion endpoint.</summary>
public sealed class TelemetryApp : LiveApp
{
    public FakeAppInsights Insights { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Insights = await FakeAppInsights.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAppAsync()
    {
        await base.DisposeAppAsync();
        await Insights.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(Telemetry.ConnectionStringSetting, Insights.ConnectionString);
        // Every trace, not the default five a second: the listeners are process-wide, so the whole suite's requests pass.
        builder.ConfigureTestServices(services => services.Configure<AzureMonitorOptions>(o => (o.SamplingRatio, o.TracesPerSecond) = (1f, null)));
    }

    /// <summary>Exports what the app holds until the fake has received what <paramref name="arrived"/> looks for.</summary>
    public async Task<IReadOnlyList<JsonElement>> SentAsync(Func<IReadOnlyList<JsonElement>, bool> arrived)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            Services.GetRequiredService<TracerProvider>().ForceFlush(5000);
            Services.GetRequiredService<MeterProvider>().ForceFlush(5000);
            var sent = Insights.Envelopes;
            if (arrived(sent) || DateTime.UtcNow > until)
            {
                return sent;
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>
/// With telemetry on, decisions, public files and job runs reach Application Insights as spans and metrics with the
/// app's own attributes, and nothing that was sent names a visitor: no address, user agent, query, consent id or payload.
/// </summary>
public sealed class TelemetryTests(TelemetryApp app) : IClassFixture<TelemetryApp>
{
    [Fact]
    public async Task ADecisionIsTracedAndCountedWithItsSiteAndOutcomeAndNothingThatNamesTheVisitor()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var consentId = Guid.NewGuid();
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var decision = Decision(consentId);
        decision["pageUrl"] = "https://www.bageriet.example/page-marker-3e1f?email=visitor%40example.com";
        using var post = new HttpRequestMessage(HttpMethod.Post, $"/v1/sites/{siteKey}/consents?ref=query-marker-9b2c") { Content = JsonContent.Create(decision) };
        post.Headers.Add("Origin", Origin);
        post.Headers.Add("X-Forwarded-For", "203.0.113.77");
        post.Headers.UserAgent.Add(new ProductInfoHeaderValue("TelemetryProbe", "1.0"));
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(post)).StatusCode);
        using var history = new HttpRequestMessage(HttpMethod.Get, $"/v1/sites/{siteKey}/consents/{consentId}"); // the id is in the path
        history.Headers.Add("Origin", Origin);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(history)).StatusCode);

        var sent = await app.SentAsync(s => s.Any(e => IsRequest(e, "/v1/sites/{siteKey}/consents/{consentId}")) && s.Any(e => IsMetric(e, "consentcloud.consent.decisions")));

        var record = Assert.Single(sent, e => Name(e) == "consent.record" && Property(e, "consentcloud.site") == siteKey);
        Assert.Equal("recorded", Property(record, "consentcloud.outcome"));
        Assert.Equal("1", Property(record, "consentcloud.revision"));
        Assert.Contains(sent, e => IsMetric(e, "consentcloud.consent.decisions") && Property(e, "outcome") == "recorded");
        Assert.Contains(sent, e => IsMetric(e, "consentcloud.consent.ingest.duration"));
        var everything = string.Join('\n', app.Insights.Items);
        Assert.DoesNotContain(consentId.ToString(), everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(consentId.ToString("N"), everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("203.0.113", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("TelemetryProbe", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("query-marker", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("page-marker", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("ai.location.ip", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("client.address", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APublicFileIsCountedByFileAndStatusAndItsRequestNamesTheSite()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var first = await client.GetAsync($"/v1/sites/{siteKey}/config.json");
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/v1/sites/{siteKey}/config.json");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        var sent = await app.SentAsync(s => s.Any(e => IsServed(e, "304")) && s.Any(e => IsRequest(e, "/v1/sites/{siteKey}/config.json") && Property(e, "consentcloud.site") == siteKey));

        Assert.Contains(sent, e => IsServed(e, "200"));
        Assert.Contains(sent, e => IsServed(e, "304"));
        Assert.Contains(sent, e => IsRequest(e, "/v1/sites/{siteKey}/config.json") && Property(e, "consentcloud.site") == siteKey && Property(e, "consentcloud.file") == "config.json");
    }

    [Fact]
    public async Task AJobRunIsASpanWithItsOutcomeAndCountsAndIsMeasuredByJob()
    {
        var result = await RunAsync(app, "PurgeRetention");

        var sent = await app.SentAsync(s => s.Any(e => Property(e, "consentcloud.job.run") == result.Run.RunId) && s.Any(e => IsMetric(e, "consentcloud.job.runs") && Property(e, "job") == "PurgeRetention"));

        var run = Assert.Single(sent, e => Name(e) == "job.run" && Property(e, "consentcloud.job.run") == result.Run.RunId);
        Assert.Equal("PurgeRetention", Property(run, "consentcloud.job"));
        Assert.Equal("Succeeded", Property(run, "consentcloud.job.outcome"));
        Assert.Equal(result.Run.Processed.ToString(System.Globalization.CultureInfo.InvariantCulture), Property(run, "consentcloud.job.processed"));
        Assert.Contains(sent, e => IsMetric(e, "consentcloud.job.runs") && Property(e, "job") == "PurgeRetention" && Property(e, "outcome") == "Succeeded");
        Assert.Contains(sent, e => IsMetric(e, "consentcloud.job.duration") && Property(e, "job") == "PurgeRetention");
    }

    private static bool IsServed(JsonElement e, string status) =>
        IsMetric(e, "consentcloud.public_file.served") && Property(e, "file") == "config.json" && Property(e, "status") == status;

    private static bool IsRequest(JsonElement e, string path) =>
        BaseType(e) == "RequestData" && Data(e).TryGetProperty("url", out var url) && url.GetString()!.EndsWith(path, StringComparison.Ordinal);

    private static bool IsMetric(JsonElement e, string name) =>
        BaseType(e) == "MetricData" && Data(e).GetProperty("metrics").EnumerateArray().Any(m => m.GetProperty("name").GetString() == name);

    private static string? Name(JsonElement e) => Data(e).TryGetProperty("name", out var name) ? name.GetString() : null;

    private static string? Property(JsonElement e, string key) =>
        Data(e).TryGetProperty("properties", out var properties) && properties.TryGetProperty(key, out var value) ? value.ToString() : null;

    private static string? BaseType(JsonElement e) => e.GetProperty("data").TryGetProperty("baseType", out var type) ? type.GetString() : null;

    private static JsonElement Data(JsonElement e) => e.GetProperty("data").GetProperty("baseData");
}

/// <summary>Without the connection string, no OpenTelemetry at all: no providers, no exporter, nothing running.</summary>
public sealed class TelemetryOffTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public void WithoutTheConnectionStringNoTracerOrMeterProviderOrExporterIsRegistered()
    {
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
        Assert.DoesNotContain(app.Services.GetServices<IHostedService>(), s => s.GetType().FullName!.StartsWith("OpenTelemetry", StringComparison.Ordinal) || s.GetType().FullName!.StartsWith("Azure.Monitor", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("InstrumentationKey=4b1e0f5c-1d2a-4c3b-9e8f-7a6b5c4d3e2f;IngestionEndpoint=https://swedencentral-0.in.applicationinsights.azure.com/", true)]
    [InlineData("instrumentationkey=4b1e0f5c-1d2a-4c3b-9e8f-7a6b5c4d3e2f", true)]
    [InlineData("resolved-in-azure", false)]
    [InlineData("InstrumentationKey=not-a-guid;IngestionEndpoint=https://example.com/", false)]
    public void OnlyAConnectionStringWithAnInstrumentationKeyIsTakenForOne(string value, bool valid) =>
        Assert.Equal(valid, Telemetry.IsConnectionString(value));

    [Theory]
    [InlineData("ClientId=4b1e0f5c-1d2a-4c3b-9e8f-7a6b5c4d3e2f;Authorization=AAD", true)]
    [InlineData("Authorization=AAD", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("Authorization=Key", false)]
    public void TelemetryIsSentWithTheManagedIdentityWhenTheAuthenticationStringSaysAad(string? authentication, bool identity) =>
        Assert.Equal(identity, Telemetry.Credential(authentication) is ManagedIdentityCredential);
}
