using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>
/// Local runs and tests (<see cref="ScanOptions.LocalWorker"/>): takes scans off the queue one at a time and runs
/// them, as the Functions host's ScanSite trigger does in Azure. A message is deleted once its scan is recorded; one
/// handed out five times is dropped (the queue trigger's poison limit).
/// </summary>
public sealed class LocalScanWorker(ScanInbox queue, ScanRunner runner, IOptions<ScanOptions> options, ILogger<LocalScanWorker> logger) : BackgroundService
{
    public const int MaxDequeues = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = TimeSpan.FromSeconds(options.Value.LocalPollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = idle;
            try
            {
                if (await queue.ReceiveAsync(stoppingToken) is { } message)
                {
                    if (message.DequeueCount <= MaxDequeues && ScanMessage.Parse(message.MessageText) is { } scan)
                    {
                        await runner.RunAsync(scan, stoppingToken);
                    }
                    else
                    {
                        ScanLog.MessageDropped(logger);
                    }

                    await queue.DeleteAsync(message, stoppingToken);
                    wait = TimeSpan.Zero;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
            {
                ScanLog.QueueUnreachable(logger, e.GetType().Name);
                wait = TimeSpan.FromSeconds(Math.Max(5, options.Value.LocalPollSeconds));
            }

            if (wait > TimeSpan.Zero)
            {
                // Real time: polling a queue, not a date.
                await Task.Delay(wait, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
