using System.ComponentModel.DataAnnotations;
using ConsentCloud.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>The site scanner's limits, and the two switches that only local runs and tests may turn.</summary>
public sealed class ScanOptions
{
    public const string Section = "Scanning";

    /// <summary>Pages fetched at most per scan (the home page included).</summary>
    [Range(1, 100)]
    public int MaxPages { get; set; } = 20;

    /// <summary>Bytes read at most of one response (the rest of a larger page is not looked at).</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxPageBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Bytes read at most in one scan, robots.txt and sitemaps included.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int MaxTotalBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Seconds one request may take, headers and body.</summary>
    [Range(1, 60)]
    public int RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>Seconds one whole scan may take; what it found by then is kept.</summary>
    [Range(5, 600)]
    public int ScanTimeoutSeconds { get; set; } = 120;

    /// <summary>Scans one agency may start per hour (all its sites together).</summary>
    [Range(1, 1000)]
    public int PerAgencyPerHour { get; set; } = 10;

    /// <summary>
    /// Drain the queue in this process (a hosted worker) instead of the Functions host's ScanSite queue trigger.
    /// Unset: on in Development and Testing, off elsewhere.
    /// </summary>
    public bool? LocalWorker { get; set; }

    /// <summary>Seconds the local worker waits between looks at an empty queue.</summary>
    [Range(0.05, 60)]
    public double LocalPollSeconds { get; set; } = 1;

    /// <summary>Let the scanner connect to loopback and private addresses. Development and Testing only (refused at start elsewhere).</summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>
    /// Host → origin to fetch it from instead (a test maps www.bageriet.example to http://127.0.0.1:port). Development
    /// and Testing only (refused at start elsewhere).
    /// </summary>
    public Dictionary<string, string> TestOrigins { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool RunsLocalWorker(IHostEnvironment environment) => LocalWorker ?? !RequiredSettings.AreEnforced(environment);
}

/// <summary>The test switches fail the start outside Development and Testing, naming themselves.</summary>
internal sealed class ScanOptionsValidator(IHostEnvironment environment) : IValidateOptions<ScanOptions>
{
    public ValidateOptionsResult Validate(string? name, ScanOptions options)
    {
        List<string> failures = [];
        var enforced = RequiredSettings.AreEnforced(environment);
        if (enforced && options.AllowPrivateAddresses)
        {
            failures.Add($"Scanning__AllowPrivateAddresses is for local runs and tests only; the '{environment.EnvironmentName}' environment never scans private or loopback addresses.");
        }

        if (enforced && options.TestOrigins.Count > 0)
        {
            failures.Add($"Scanning__TestOrigins is for local runs and tests only; remove it from the '{environment.EnvironmentName}' environment.");
        }

        foreach (var (host, origin) in options.TestOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.AbsolutePath != "/")
            {
                failures.Add($"Scanning:TestOrigins:{host} must be an origin such as http://127.0.0.1:5000.");
            }
        }

        if (options.MaxPageBytes > options.MaxTotalBytes)
        {
            failures.Add("Scanning:MaxPageBytes cannot exceed Scanning:MaxTotalBytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
