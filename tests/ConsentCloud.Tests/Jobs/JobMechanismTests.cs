using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Jobs.JobTestKit;

namespace ConsentCloud.Tests.Jobs;

/// <summary>The app with one platform operator configured.</summary>
public sealed class OperatorApp : TestApp
{
    public TestUser Operator { get; } = new(Guid.NewGuid(), Guid.NewGuid(), "Platform Operator", "ops@consentcloud.example");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Platform:Operators:0", Operator.UserKey)];
}

public sealed class JobMechanismTests(OperatorApp app) : IClassFixture<OperatorApp>
{
    /// <summary>What the Functions host sends for a timer invocation (custom handler protocol).</summary>
    private const string HostEnvelope = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-01T02:00:00+00:00","Next":"2026-11-03T02:00:00+00:00","LastUpdated":"2026-11-01T02:00:00+00:00"},"IsPastDue":false}},
         "Metadata":{"sys":{"MethodName":"ExpireConsents","UtcNow":"2026-11-02T02:00:00.0049386Z","RandGuid":"e1f4e2a4-4d2c-4b6e-9d7c-0f4c7b1c3a5e"}}}
        """;

    [Fact]
    public async Task TheJobEndpointAnswersTheHostsInvocationWithTheProtocolsResponse()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ExpireConsents") { Content = new StringContent(HostEnvelope, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Azure-Functions-InvocationId", "5b3c1e9a-7d7e-4a64-8f0c-1a2b3c4d5e6f");
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1037.0");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
        Assert.Contains("ExpireConsents run", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("Succeeded", body.GetProperty("ReturnValue").GetProperty("outcome").GetString());
    }

    /// <summary>What the Functions host sends for a site-scans queue message (ScanSite, a queue trigger, not a job).</summary>
    [Fact]
    public async Task TheScanSiteEndpointAnswersTheQueueTriggersInvocationWithTheProtocolsResponse()
    {
        var message = JsonSerializer.Serialize(new { agency = new string('a', 26), site = new string('b', 26), scan = new string('1', 19) + "abcdef" });
        var envelope = JsonSerializer.Serialize(new { Data = new { scan = message }, Metadata = new { DequeueCount = 1, Id = Guid.NewGuid() } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ScanSite") { Content = new StringContent(envelope, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Azure-Functions-InvocationId", "5b3c1e9a-7d7e-4a64-8f0c-1a2b3c4d5e6f");

        var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
        Assert.Contains("nothing to do", body.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ScanSite", app.Services.GetRequiredService<JobRunner>().Names);

        var refused = await app.CreateClient().PostAsync("/ScanSite", new StringContent("{\"Metadata\":{}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Theory]
    [InlineData("{\"Metadata\":{}}")]
    [InlineData("[1,2]")]
    [InlineData("{\"Data\": ")]
    public async Task AnEnvelopeThatIsNotTheHostsIsRefused(string body)
    {
        var response = await app.CreateClient().PostAsync("/PurgeRetention", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ARunStoppedHalfWayIsFinishedByTheNextRunAndEveryRecordIsProcessedOnce()
    {
        var sites = new List<string>();
        var start = app.Clock.GetUtcNow();
        for (var s = 0; s < 3; s++)
        {
            sites.Add((await PublishedSiteAsync(app)).SiteKey);
        }

        const int days = 8;
        for (var d = 0; d < days; d++)
        {
            foreach (var site in sites)
            {
                await DecideAsync(app, site, accept: false);
            }

            app.Clock.Advance(TimeSpan.FromDays(1));
        }

        app.Clock.SetUtcNow(start.AddMonths(7));
        var runner = app.Services.GetRequiredService<JobRunner>();
        using var crash = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Processed > 0)
            {
                crash.Cancel(); // the process dies as soon as some work is done
            }
        });
        var first = await runner.RunAsync("ExpireConsents", "test", progress, crash.Token);
        var second = await runner.RunAsync("ExpireConsents", "test", null, CancellationToken.None);

        Assert.Equal(JobOutcome.Failed, first.Run.Outcome);
        Assert.Equal(JobOutcome.Succeeded, second.Run.Outcome);
        Assert.Equal(sites.Count * days, first.Sites.Sum(s => s.Changed) + second.Sites.Sum(s => s.Changed));
        foreach (var site in sites)
        {
            Assert.All(await AllRecordsAsync(app, site), r => Assert.Equal("Expired", r.GetString("State")));
        }
    }

    [Fact]
    public async Task TwoOverlappingRunsNeverProcessTheSameWork()
    {
        var start = app.Clock.GetUtcNow();
        var (_, site) = await PublishedSiteAsync(app);
        for (var i = 0; i < 5; i++)
        {
            await DecideAsync(app, site, accept: false);
        }

        app.Clock.SetUtcNow(start.AddMonths(7));
        var runs = await Task.WhenAll(RunAsync(app, "ExpireConsents"), RunAsync(app, "ExpireConsents"));

        Assert.Contains(runs, r => r.Run.Outcome == JobOutcome.Skipped);
        Assert.Contains(runs, r => r.Run.Outcome == JobOutcome.Succeeded);
        Assert.Equal(5, runs.Sum(r => r.Sites.Where(s => s.Site == site).Sum(s => s.Changed)));
    }

    [Fact]
    public async Task ALockLeftByACrashedRunLapsesAfterItsLease()
    {
        var locks = app.Services.GetRequiredService<JobLock>();
        Assert.NotNull(await locks.TryAcquireAsync("PurgeRetention", "crashed-run", default)); // never released

        Assert.Equal(JobOutcome.Skipped, (await RunAsync(app, "PurgeRetention")).Run.Outcome);
        app.Clock.Advance(JobLock.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(JobOutcome.Succeeded, (await RunAsync(app, "PurgeRetention")).Run.Outcome);
    }

    [Fact]
    public async Task PlatformOperatorsSeeJobRunsAndNobodyElseDoes()
    {
        await RunAsync(app, "PurgeRetention");
        var operatorClient = app.ClientFor(app.Operator);

        var runs = await operatorClient.GetFromJsonAsync<JsonElement[]>("/api/v1/platform/job-runs?job=PurgeRetention");
        Assert.NotEmpty(runs!);
        var run = runs![0];
        Assert.Equal("PurgeRetention", run.GetProperty("job").GetString());
        var sites = await operatorClient.GetAsync($"/api/v1/platform/job-runs/PurgeRetention/{run.GetProperty("runId").GetString()}/sites");
        Assert.Equal(HttpStatusCode.OK, sites.StatusCode);

        var agency = await app.CreateAgencyAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await agency.Owner.GetAsync("/api/v1/platform/job-runs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientWithApiKey(await app.CreateApiKeyAsync(agency)).GetAsync("/api/v1/platform/job-runs")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/platform/job-runs")).StatusCode);
    }

    [Fact]
    public async Task TheLocalSchedulerRunsAJobAtItsNcrontabTimes()
    {
        var folder = Directory.CreateTempSubdirectory("cc-jobs-");
        Directory.CreateDirectory(Path.Combine(folder.FullName, "Probe"));
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "Probe", "function.json"),
            """{"bindings":[{"type":"timerTrigger","direction":"in","name":"timer","schedule":"0 0 2 * * *"}]}""");
        var clock = new WaitedOnClock(new DateTimeOffset(2026, 11, 2, 1, 59, 0, TimeSpan.Zero));
        var probe = new ProbeJob();
        var runner = new JobRunner([probe], new JobLock(app.Services.GetRequiredService<ConsentCloud.Web.Hosting.AppStorage>(), clock),
            app.Services.GetRequiredService<JobRunStore>(), clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<JobRunner>.Instance);
        using var scheduler = new LocalScheduler(Options.Create(new JobOptions { LocalScheduler = true, FunctionsDirectory = folder.FullName }), runner, clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<LocalScheduler>.Instance);

        await scheduler.StartAsync(default);
        await WaitUntil(() => clock.HasWaitUntil(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero)));
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(probe.Runs);

        clock.Advance(TimeSpan.FromSeconds(1)); // 02:00:00
        await WaitUntil(() => probe.Runs.Count == 1);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero), probe.Runs[0]);

        await WaitUntil(() => clock.HasWaitUntil(new DateTimeOffset(2026, 11, 3, 2, 0, 0, TimeSpan.Zero)));
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 1, 59, 59, TimeSpan.Zero));
        Assert.Single(probe.Runs);
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 2, 0, 0, TimeSpan.Zero));
        await WaitUntil(() => probe.Runs.Count == 2);
        await scheduler.StopAsync(default);
    }

    [Fact]
    public void EveryTimerFunctionHasAJobAndEveryJobATimerFunction()
    {
        var definitions = JobDefinitions.Read(AppContext.BaseDirectory).Select(d => d.Name).Order();
        var jobs = app.Services.GetRequiredService<JobRunner>().Names.Order();

        Assert.Equal(["ExpireConsents", "PruneBillingEvents", "PurgeCensus", "PurgeRetention", "RecountStatistics", "ReportUsage"], definitions);
        Assert.Equal(definitions, jobs);
    }

    [Fact]
    public async Task AnOperatorRunsAJobOnceFromTheCommandLineAndSeesItsProgress()
    {
        await PublishedSiteAsync(app);

        var (exitCode, output) = await RunFromCommandLineAsync(AppContext.BaseDirectory);

        Assert.True(exitCode == 0, output);
        Assert.Contains("sites ", output, StringComparison.Ordinal);
        Assert.Matches(@"ExpireConsents run \w+: Succeeded, \d+ sites", output);
    }

    [Fact]
    public async Task FromAnotherFolderTheCommandLineSaysWhereItLookedForItsSettingsAndContentRootFixesIt()
    {
        var elsewhere = Directory.CreateTempSubdirectory("consentcloud-cli-").FullName;
        try
        {
            var (exitCode, output) = await RunFromCommandLineAsync(elsewhere);

            Assert.True(exitCode == StartupFailure.InvalidSettingsExitCode, output);
            Assert.Contains($"There is no appsettings.json in the content root {elsewhere}", output, StringComparison.Ordinal);
            Assert.Contains("--contentRoot", output, StringComparison.Ordinal);

            await PublishedSiteAsync(app);
            (exitCode, output) = await RunFromCommandLineAsync(elsewhere, "--contentRoot", AppContext.BaseDirectory);

            Assert.True(exitCode == 0, output);
            Assert.Matches(@"ExpireConsents run \w+: Succeeded, \d+ sites", output);
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Theory]
    [InlineData("jobs run ExpireConsents", "jobs run ExpireConsents")]
    [InlineData("--contentRoot /srv/app jobs run ExpireConsents", "jobs run ExpireConsents")]
    [InlineData("jobs run ExpireConsents --contentRoot /srv/app", "jobs run ExpireConsents")]
    [InlineData("jobs --environment=Testing list", "jobs list")]
    [InlineData("--urls http://127.0.0.1:1", "")]
    public void TheCommandLineReadsItsWordsAroundTheHostsOptions(string args, string words)
    {
        Assert.Equal(words, string.Join(' ', JobCommandLine.Words(args.Split(' '))));
        Assert.Equal(words.StartsWith("jobs", StringComparison.Ordinal), JobCommandLine.IsJobCommand(args.Split(' ')));
    }

    /// <summary><c>dotnet ConsentCloud.Web.dll jobs run ExpireConsents [extra…]</c> started in <paramref name="workingDirectory"/>.</summary>
    private async Task<(int ExitCode, string Output)> RunFromCommandLineAsync(string workingDirectory, params string[] extra)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ConsentCloud.Web.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var arg in new[] { dll, "jobs", "run", "ExpireConsents" }.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }

        // Azurite takes an account key, which only local runs and tests accept.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = RequiredSettings.TestingEnvironment;
        start.Environment["Storage__ConnectionString"] = Azurite.ConnectionString;
        start.Environment["Storage__TablePrefix"] = app.Prefix;
        start.Environment["Storage__ContainerPrefix"] = app.Prefix;
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition());
    }

    private sealed class ProbeJob : IJob
    {
        public List<DateTimeOffset> Runs { get; } = [];

        public string Name => "Probe";

        public Task RunAsync(JobContext context, CancellationToken ct)
        {
            lock (Runs)
            {
                Runs.Add(context.StartedAt);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>Progress reported on the worker's own thread (Progress&lt;T&gt; would post it later).</summary>
    private sealed class SynchronousProgress(Action<JobProgress> report) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => report(value);
    }
}
