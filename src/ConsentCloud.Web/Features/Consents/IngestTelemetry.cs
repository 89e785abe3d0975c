using System.Diagnostics;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ConsentCloud.Web.Features.Consents;

/// <summary>
/// A decision's span ("consent.record") and measurements: the site key (a public identifier, in every page's script
/// tag), the revision and the outcome. Never the consent id, the choices, the page or the visitor's address.
/// </summary>
internal static class IngestTelemetry
{
    public static Activity? Start(string siteKey)
    {
        var activity = Telemetry.Source.StartActivity("consent.record");
        if (activity is not null && SiteKey.TryParse(siteKey, out var key))
        {
            activity.SetTag("consentcloud.site", key.Value);
        }

        return activity;
    }

    public static void Finish(Activity? activity, long started, IResult result)
    {
        var outcome = result switch
        {
            Created<ConsentReceipt> => "recorded",
            Ok<ConsentReceipt> => "duplicate",
            NotFound<Microsoft.AspNetCore.Mvc.ProblemDetails> => "unknown_site",
            ValidationProblem => "invalid",
            _ => "refused", // origin not allowed, media type, empty body
        };
        Finish(activity, started, outcome);
    }

    public static void Finish(Activity? activity, long started, string outcome)
    {
        if (activity is not null)
        {
            activity.SetTag("consentcloud.outcome", outcome);
            if (outcome == "error")
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }

        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        if (Telemetry.Decisions.Enabled)
        {
            Telemetry.Decisions.Add(1, tag);
        }

        if (Telemetry.IngestDuration.Enabled)
        {
            Telemetry.IngestDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
        }
    }
}
