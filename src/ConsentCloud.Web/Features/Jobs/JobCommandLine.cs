using System.Globalization;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Jobs;

/// <summary>
/// `dotnet ConsentCloud.Web.dll jobs run ExpireConsents` runs a job once, printing progress as it goes;
/// `jobs list` names the jobs and their schedules. The web server does not start. Host options such as
/// `--contentRoot <folder>` may stand anywhere; the host reads them, the command ignores them.
/// </summary>
public static class JobCommandLine
{
    public static bool IsJobCommand(string[] args) => Words(args) is ["jobs", ..];

    /// <summary>The arguments without host options (<c>--key value</c> or <c>--key=value</c>).</summary>
    internal static string[] Words(string[] args)
    {
        var words = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                words.Add(args[i]);
            }
            else if (!args[i].Contains('=', StringComparison.Ordinal))
            {
                i++; // its value
            }
        }

        return [.. words];
    }

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var runner = app.Services.GetRequiredService<JobRunner>();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobOptions>>().Value;
        switch (Words(args))
        {
            case ["jobs", "list"]:
                foreach (var job in LocalScheduler.Definitions(options))
                {
                    Console.WriteLine($"{job.Name,-20} {job.Schedule}");
                }

                return 0;
            case ["jobs", "run", var name] when runner.Exists(name):
                await app.Services.GetRequiredService<AppStorage>().CreateAllAsync(CancellationToken.None);
                using (var stop = new CancellationTokenSource())
                {
                    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
                    var printed = DateTimeOffset.MinValue;
                    var progress = new Progress<JobProgress>(p =>
                    {
                        // At most one line a second, and the last site's.
                        if (DateTimeOffset.UtcNow - printed >= TimeSpan.FromSeconds(1) || p.SitesDone == p.SitesTotal)
                        {
                            printed = DateTimeOffset.UtcNow;
                            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  sites {p.SitesDone}/{p.SitesTotal}, records {p.Processed:N0}, {p.PerSecond:N0}/s"));
                        }
                    });
                    Console.WriteLine($"Running {name}…");
                    var result = await runner.RunAsync(name, "command line", progress, stop.Token);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{name} run {result.Run.RunId}: {result.Run.Outcome}, {result.Run.SitesTotal} sites, {result.Run.Processed:N0} records processed, {result.Run.Changed:N0} changed."));
                    if (result.Run.Error is { } error)
                    {
                        Console.Error.WriteLine(error);
                    }

                    return result.Run.Outcome is JobOutcome.Succeeded ? 0 : 1;
                }

            default:
                Console.Error.WriteLine($"Usage: jobs list | jobs run <{string.Join('|', runner.Names.Order(StringComparer.Ordinal))}> [--contentRoot <the app's folder>]");
                return 2;
        }
    }
}
