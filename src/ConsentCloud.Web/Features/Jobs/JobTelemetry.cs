using System.Diagnostics;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Jobs;

/// <summary>Each job run as a span ("job.run": job, trigger, run id, outcome, counts) and measurements by job and outcome.</summary>
internal static class JobTelemetry
{
    public static Activity? Start(string job, string runId, string trigger)
    {
        var activity = Telemetry.Source.StartActivity("job.run");
        activity?.SetTag("consentcloud.job", job);
        activity?.SetTag("consentcloud.job.run", runId);
        activity?.SetTag("consentcloud.job.trigger", trigger);
        return activity;
    }

    public static void Finish(Activity? activity, JobRun run, long started)
    {
        var outcome = run.Outcome.ToString();
        if (activity is not null)
        {
            activity.SetTag("consentcloud.job.outcome", outcome);
            activity.SetTag("consentcloud.job.processed", run.Processed);
            activity.SetTag("consentcloud.job.changed", run.Changed);
            activity.SetTag("consentcloud.job.sites", run.SitesTotal);
            activity.SetTag("consentcloud.job.failed_sites", run.SitesFailed);
            if (run.Outcome == JobOutcome.Failed)
            {
                activity.SetStatus(ActivityStatusCode.Error); // the reason is in the run's record and log
            }
        }

        var job = new KeyValuePair<string, object?>("job", run.Job);
        var result = new KeyValuePair<string, object?>("outcome", outcome);
        Telemetry.JobRuns.Add(1, job, result);
        Telemetry.JobRecords.Add(run.Processed, job);
        Telemetry.JobDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, job, result);
    }
}
