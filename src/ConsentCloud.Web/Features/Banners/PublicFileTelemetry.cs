using System.Diagnostics;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// Measurements of the public files (config.json, banner.js, declaration.js), the hot path of every page view: no
/// span of their own (the request's span carries the site key and file), and nothing at all is computed, tagged or
/// allocated unless telemetry is on.
/// </summary>
internal static class PublicFileTelemetry
{
    /// <summary>A start timestamp when the duration is measured, else 0.</summary>
    public static long Start() => Telemetry.FileDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public static void Served(PublicFile kind, SiteKey? site, int statusCode, long started)
    {
        if (site is { } key && Telemetry.Source.HasListeners() && Activity.Current is { } request)
        {
            request.SetTag("consentcloud.site", key.Value);
            request.SetTag("consentcloud.file", kind.Name);
        }

        if (!Telemetry.FilesServed.Enabled && !Telemetry.FileDuration.Enabled)
        {
            return;
        }

        var file = new KeyValuePair<string, object?>("file", kind.Name);
        var status = new KeyValuePair<string, object?>("status", statusCode switch
        {
            StatusCodes.Status200OK => "200",
            StatusCodes.Status304NotModified => "304",
            StatusCodes.Status404NotFound => "404",
            _ => "other",
        });
        Telemetry.FilesServed.Add(1, file, status);
        if (started != 0)
        {
            Telemetry.FileDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, file, status);
        }
    }
}
