using System.Text.Json;
using NCrontab;

namespace ConsentCloud.Web.Features.Jobs;

/// <summary>A timer function: its name (the folder) and its six-field NCRONTAB schedule, from its function.json.</summary>
public sealed record JobDefinition(string Name, string Schedule, CrontabSchedule Crontab);

/// <summary>
/// The timer functions, read from the function.json files beside the app (one source of truth for the Functions host
/// and the local scheduler). A folder whose function.json has a timerTrigger binding is a job.
/// </summary>
public static class JobDefinitions
{
    public static IReadOnlyList<JobDefinition> Read(string appDirectory)
    {
        var jobs = new List<JobDefinition>();
        foreach (var file in Directory.EnumerateFiles(appDirectory, "function.json", SearchOption.AllDirectories)
                     .Where(f => Path.GetDirectoryName(Path.GetDirectoryName(f)) == appDirectory.TrimEnd(Path.DirectorySeparatorChar)))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var binding in document.RootElement.GetProperty("bindings").EnumerateArray())
            {
                if (binding.GetProperty("type").GetString() == "timerTrigger")
                {
                    var schedule = binding.GetProperty("schedule").GetString()!;
                    var crontab = CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
                    jobs.Add(new JobDefinition(Path.GetFileName(Path.GetDirectoryName(file))!, schedule, crontab));
                }
            }
        }

        return jobs.OrderBy(j => j.Name, StringComparer.Ordinal).ToList();
    }
}
