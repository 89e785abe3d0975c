using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ConsentCloud.Web.Hosting;

/// <summary>
/// The app's own traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both "ConsentCloud".
/// Exported to Application Insights (OpenTelemetry with the Azure Monitor exporter) only when
/// APPLICATIONINSIGHTS_CONNECTION_STRING is set; otherwise no OpenTelemetry service is registered and nothing listens,
/// so starting an activity answers null and the instruments are not <c>Enabled</c> (callers check before they tag).
/// Never in telemetry: visitors' addresses, user agents, query strings, consent ids or payloads, tokens or keys
/// (<see cref="TelemetryRedaction"/> strips what the ASP.NET Core, HttpClient and Azure SDK instrumentations record).
/// </summary>
public static class Telemetry
{
    public const string Name = "ConsentCloud";
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>"Authorization=AAD;ClientId=..." (the Functions host's setting): send with the managed identity.</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Decisions = Meter.CreateCounter<long>(
        "consentcloud.consent.decisions", "{decision}", "Consent decisions received, by outcome (recorded, duplicate, refused, invalid, unknown_site).");

    public static readonly Histogram<double> IngestDuration = Meter.CreateHistogram<double>(
        "consentcloud.consent.ingest.duration", "s", "Time to answer a consent decision, by outcome.");

    public static readonly Histogram<int> IngestBatchRows = Meter.CreateHistogram<int>(
        "consentcloud.consent.ingest.batch_rows", "{row}", "Rows per group-committed write to storage, by table (ConsentIndex, Consents): 1 for a single insert.");

    public static readonly Counter<long> FilesServed = Meter.CreateCounter<long>(
        "consentcloud.public_file.served", "{response}", "config.json, banner.js and declaration.js answers, by file and status (200, 304, 404).");

    public static readonly Histogram<double> FileDuration = Meter.CreateHistogram<double>(
        "consentcloud.public_file.duration", "s", "Time to answer a public file, by file and status.");

    public static readonly Counter<long> JobRuns = Meter.CreateCounter<long>(
        "consentcloud.job.runs", "{run}", "Job runs, by job and outcome.");

    public static readonly Counter<long> JobRecords = Meter.CreateCounter<long>(
        "consentcloud.job.records", "{record}", "Records processed by job runs, by job.");

    public static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>(
        "consentcloud.job.duration", "s", "Job run time, by job and outcome.");

    /// <summary>Whether the app exports telemetry (the connection string is set).</summary>
    public static bool IsOn(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]);

    public static void AddTelemetry(this WebApplicationBuilder builder)
    {
        if (!IsOn(builder.Configuration))
        {
            return;
        }

        var connectionString = builder.Configuration[ConnectionStringSetting];
        if (!IsConnectionString(connectionString))
        {
            // Stops the start with this line (StartupFailure) rather than the exporter's stack trace.
            builder.Services.AddOptions<MalformedConnectionString>()
                .Validate(_ => false, $"{ConnectionStringSetting} is not an Application Insights connection string (InstrumentationKey=<guid>;IngestionEndpoint=https://...): copy it from the resource's Overview.")
                .ValidateOnStart();
            return;
        }

        var credential = Credential(builder.Configuration[AuthenticationStringSetting]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(Name))
            // Registered before the exporter, so every span is redacted before Azure Monitor sees it.
            .WithTracing(tracing => tracing.AddSource(Name).AddProcessor(new TelemetryRedaction()))
            .WithMetrics(metrics => metrics.AddMeter(Name))
            .UseAzureMonitor(options =>
            {
                options.ConnectionString = connectionString;
                options.Credential = credential;
                // Live Metrics streams sample requests and dependencies (their URLs) outside the redaction above.
                options.EnableLiveMetrics = false;
            });
    }

    /// <summary>Whether the setting reads as a connection string: key=value pairs with an InstrumentationKey that is a GUID.</summary>
    internal static bool IsConnectionString(string? value) =>
        Pairs(value).TryGetValue("InstrumentationKey", out var key) && Guid.TryParse(key, out _);

    /// <summary>The identity to send with when the authentication string asks for Entra ID (AAD), else null (the key).</summary>
    internal static TokenCredential? Credential(string? authenticationString)
    {
        var parts = Pairs(authenticationString);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }

    /// <summary>"A=1;B=2" as a dictionary (case-insensitive keys; the last of a repeated key wins).</summary>
    private static Dictionary<string, string> Pairs(string? value)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Split('=', 2, StringSplitOptions.TrimEntries) is [var key, var item])
            {
                pairs[key] = item;
            }
        }

        return pairs;
    }

    private sealed class MalformedConnectionString;
}
