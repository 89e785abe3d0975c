using System.Diagnostics;

namespace IngestLoad;

/// <summary>Waits until the app answers and the site's published config is served (the demo seed has run).</summary>
internal static class WaitCommand
{
    public static async Task<int> RunAsync(Options o, CancellationToken ct)
    {
        var url = o.Required("url").TrimEnd('/');
        var site = o.Required("site");
        var limit = TimeSpan.FromSeconds(o.Double("timeout", 90));
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var start = Stopwatch.GetTimestamp();
        var config = new Uri($"{url}/v1/sites/{site}/config.json");
        while (Stopwatch.GetElapsedTime(start) < limit && !ct.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync(config, ct);
                if (response.IsSuccessStatusCode)
                {
                    Console.WriteLine($"[wait] {config} answered {(int)response.StatusCode} after {Stopwatch.GetElapsedTime(start).TotalSeconds:0.0} s");
                    return 0;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }

            await Task.Delay(200, ct);
        }

        Console.Error.WriteLine($"[wait] {config} did not answer 2xx within {limit.TotalSeconds:0} s");
        return 1;
    }
}
