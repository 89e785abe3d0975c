using System.Text.RegularExpressions;

namespace ConsentCloud.Tests.Hosting;

/// <summary>
/// The function folders in src/ConsentCloud.Web/Functions and host.json, read as the Functions host reads them.
/// Every folder is picked up by itself: a new timer or HTTP function is checked the moment its folder exists.
/// </summary>
public sealed partial class FunctionFolderTests
{
    private static readonly HostSettings Host = HostSettings.Load(RepoPaths.HostJson);
    private static readonly IReadOnlyList<FunctionDefinition> Functions = FunctionDefinition.LoadAll(RepoPaths.FunctionsDirectory);

    [Fact]
    public void EveryFunctionFolderSitsDirectlyUnderFunctionsWithAValidUniqueName()
    {
        Assert.Empty(FunctionDefinition.StrayFunctionJsonFiles(RepoPaths.FunctionsDirectory));
        Assert.Contains(Functions, f => f.IsHttp);
        Assert.All(Functions, f => Assert.Matches(FunctionName(), f.Name));
        var duplicates = Functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void EveryFunctionIsAnHttpATimerOrAQueueFunction()
    {
        Assert.All(Functions, f => Assert.True(f.IsHttp || f.IsTimer || f.IsQueue,
            $"{f.Name}: the handler serves HTTP pass-through, timer and queue invocations only, but the bindings are " +
            string.Join(", ", f.Bindings.Select(b => $"{FunctionDefinition.TypeOf(b)} {FunctionDefinition.DirectionOf(b)}"))));
    }

    [Fact]
    public void EveryHttpFunctionIsAnAnonymousPassThroughFunction()
    {
        Assert.All(Functions.Where(f => f.IsHttp), f =>
        {
            // Pass-through (enableProxyingHttpRequest) applies only to exactly one httpTrigger in and one http out.
            Assert.Equal(2, f.Bindings.Count);
            Assert.Single(f.Bindings, b => FunctionDefinition.Is(b, "httpTrigger") && FunctionDefinition.DirectionOf(b) == "in");
            Assert.Single(f.Bindings, b => FunctionDefinition.Is(b, "http") && FunctionDefinition.DirectionOf(b) == "out");

            // Callers authenticate to the app (Entra, API keys), never with function keys.
            Assert.Equal("anonymous", Json.String(Json.Property(f.Trigger!.Value, "authLevel")), ignoreCase: true);
        });
    }

    [Fact]
    public void NoHttpFunctionUsesACatchAllWithoutALiteralPrefix()
    {
        Assert.All(Functions.Where(f => f.IsHttp).Select(f => f.HttpRoute(Host)), route =>
            Assert.False(route.HasCatchAll && !route.StartsWithLiteral, $"{route} catches all without a literal prefix of its own."));
    }

    [Fact]
    public void NoHttpFunctionRouteCanReachAJobPath()
    {
        var jobs = JobNames.All(Functions);
        var reachable =
            from route in Functions.Where(f => f.IsHttp).Select(f => f.HttpRoute(Host))
            from job in jobs
            from path in JobNames.PathsFor(job)
            where route.CanMatch(path)
            select $"{route} matches {path}";

        Assert.Empty(reachable);
    }

    [Fact]
    public void EveryTimerFunctionHasOneTimerTriggerWithASixFieldSchedule()
    {
        Assert.All(Functions.Where(f => f.IsTimer), f =>
        {
            var trigger = Assert.Single(f.Bindings);
            Assert.Equal("in", FunctionDefinition.DirectionOf(trigger));
            Assert.False(string.IsNullOrWhiteSpace(Json.String(Json.Property(trigger, "name"))), $"{f.Name}: the timer binding needs a name");

            // NCRONTAB with seconds: {second} {minute} {hour} {day} {month} {day-of-week}, or an app setting %Name%.
            var schedule = Json.String(Json.Property(trigger, "schedule")) ?? "";
            Assert.Matches(Schedule(), schedule);
        });
    }

    [Fact]
    public void EveryQueueFunctionReadsAQueueTheAppCreatesThroughTheHostsIdentityBasedStorage()
    {
        var queues = Functions.Where(f => f.IsQueue).ToList();
        Assert.Contains(queues, f => f.Name == "ScanSite");
        Assert.All(queues, f =>
        {
            var trigger = Assert.Single(f.Bindings);
            Assert.Equal("in", FunctionDefinition.DirectionOf(trigger));
            Assert.False(string.IsNullOrWhiteSpace(Json.String(Json.Property(trigger, "name"))), $"{f.Name}: the queue binding needs a name");
            Assert.Equal(ConsentCloud.Web.Hosting.AppStorage.SiteScansQueue, Json.String(Json.Property(trigger, "queueName")));
            // AzureWebJobsStorage__accountName/__credential/__clientId (infra/app/app.bicep): the managed identity, no keys.
            Assert.Equal("AzureWebJobsStorage", Json.String(Json.Property(trigger, "connection")));
        });
    }

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,127}$", RegexOptions.IgnoreCase)]
    private static partial Regex FunctionName();

    [GeneratedRegex(@"^(\S+(\s+\S+){5}|%[^%\s]+%)$")]
    private static partial Regex Schedule();
}
