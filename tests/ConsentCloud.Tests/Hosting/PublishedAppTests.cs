using System.Net;
using System.Text;
using System.Text.Json;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Tests.Hosting;

/// <summary>
/// The published folder is what Azure runs: a Functions app root whose host starts our app as a custom handler.
/// These tests publish the app, check the layout, and start it exactly as the host does.
/// </summary>
[Collection(PublishedAppGroup.Name)]
public sealed class PublishedAppTests(PublishedFunctionsApp published)
{
    private const string AppDll = "ConsentCloud.Web.dll";

    /// <summary>The host gives a custom handler 60 s to answer GET /; we want to be far from that.</summary>
    private static readonly TimeSpan HostStartLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(30);

    /// <summary>Requests whose answer we know, by the first segment of the HTTP function route they go through.</summary>
    private static readonly Dictionary<string, Probe> KnownProbes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["v1"] = new("/v1/sites/" + new string('a', 26) + "/config.json", HttpStatusCode.NotFound, "application/problem+json"),
        ["api"] = new("/api/v1/openapi.json", HttpStatusCode.OK, "application/json"),
        ["p"] = new("/p/" + new string('a', 26) + "/privacy", HttpStatusCode.NotFound, "text/html"),
    };

    private HostSettings Host => HostSettings.Load(published.PathOf("host.json"));

    [Fact]
    public void PublishedFolderIsAFunctionsAppRoot()
    {
        var root = published.Directory;
        Assert.True(File.Exists(published.PathOf("host.json")), $"No host.json in the publish folder.\n{published.PublishLog}");
        Assert.Equal(File.ReadAllText(RepoPaths.HostJson), File.ReadAllText(published.PathOf("host.json")));

        var host = Host;
        Assert.Equal("dotnet", host.ExecutablePath);
        Assert.Contains(AppDll, host.Arguments);
        Assert.True(host.EnableProxyingHttpRequest, "customHandler.enableProxyingHttpRequest must be true (pass-through with streaming).");
        Assert.Equal("", host.RoutePrefix);

        var workingDirectory = host.WorkingDirectoryUnder(root);
        Assert.True(File.Exists(Path.Combine(workingDirectory, AppDll)), $"{AppDll} is not in the handler's working directory {workingDirectory}.");
        Assert.True(File.Exists(published.PathOf(AppDll)), $"{AppDll} is not at the app root.");
        Assert.True(File.Exists(published.PathOf("ConsentCloud.Web.runtimeconfig.json")), "The runtimeconfig that `dotnet ConsentCloud.Web.dll` needs is missing.");
        Assert.True(File.Exists(published.PathOf("ConsentCloud.Web.deps.json")), "The deps.json is missing.");

        // Every function folder of the source arrives at the root, function.json unchanged, and nothing else is a function.
        var source = FunctionDefinition.LoadAll(RepoPaths.FunctionsDirectory);
        var deployed = FunctionDefinition.LoadAll(root);
        Assert.Equal(source.Select(f => f.Name), deployed.Select(f => f.Name));
        Assert.All(source.Zip(deployed), pair => Assert.Equal(File.ReadAllText(pair.First.FunctionJsonPath), File.ReadAllText(pair.Second.FunctionJsonPath)));
        var stray = FunctionDefinition.StrayFunctionJsonFiles(root);
        Assert.True(stray.Count == 0,
            "function.json outside a root function folder: " + string.Join(", ", stray) +
            " (the Web SDK publishes every *.json as Content: the csproj must remove Functions\\** from Content).");
        Assert.False(Directory.Exists(published.PathOf("Functions")), "A Functions/ folder was published: function folders belong at the root.");
    }

    [Fact]
    public async Task PublishedAppStartsLikeTheFunctionsHostStartsIt()
    {
        var port = CustomHandlerProcess.FreePort();
        await using var app = CustomHandlerProcess.Start(published.Directory, Host, port, AppSettings());
        await app.AssertAsync(async () =>
        {
            var ready = await app.WaitUntilReadyAsync(HostStartLimit);
            Assert.True(ready < ReadyWithin, $"The app took {ready.TotalSeconds:0.0} s to answer GET /; the host gives up at {HostStartLimit.TotalSeconds:0} s.");

            await AssertListensOnlyOnLoopbackAsync(app);
            await AssertEveryHttpFunctionReachesTheAppAsync(app);
            await AssertEveryTimerFunctionIsInvocableAsync(app);
            await AssertEveryQueueFunctionIsInvocableAsync(app);

            var exitCode = await app.StopAsync(TimeSpan.FromSeconds(15));
            Assert.True(exitCode is not null, "The app did not stop within 15 s of SIGTERM.");
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(0, exitCode);
            }
        });
    }

    [Fact]
    public async Task PublishedAppListensOnlyOnTheHostsPortWhenTheEnvironmentNamesOtherUrls()
    {
        // The Functions host's images set ASPNETCORE_URLS=http://+:80 for the host itself, and workers inherit its environment.
        var port = CustomHandlerProcess.FreePort();
        var urlsPort = CustomHandlerProcess.FreePort();
        var httpPortsPort = CustomHandlerProcess.FreePort();
        var settings = new Dictionary<string, string?>(AppSettings())
        {
            ["ASPNETCORE_URLS"] = $"http://+:{urlsPort}",
            ["ASPNETCORE_HTTP_PORTS"] = httpPortsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using var app = CustomHandlerProcess.Start(published.Directory, Host, port, settings);
        await app.AssertAsync(async () =>
        {
            await app.WaitUntilReadyAsync(HostStartLimit);

            await AssertListensOnlyOnLoopbackAsync(app);
            foreach (var other in new[] { urlsPort, httpPortsPort })
            {
                Assert.False(await ListeningSockets.AcceptsConnectionAsync(IPAddress.Loopback, other), $"The app also listens on port {other}.");
                if (ListeningSockets.AddressesListeningOn(other) is { } sockets)
                {
                    Assert.Empty(sockets);
                }
            }
        });
    }

    /// <summary>
    /// Storage on the test run's Azurite with tables and containers of this test's own. The start is the host's; the
    /// settings are the test's: Azurite takes an account key, which Production refuses (DeploymentSettingsTests
    /// start the app in Production), so these run in the Testing environment.
    /// </summary>
    private static Dictionary<string, string?> AppSettings()
    {
        var prefix = Azurite.UniquePrefix();
        return new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = RequiredSettings.TestingEnvironment,
            ["Storage__ConnectionString"] = Azurite.ConnectionString,
            ["Storage__TablePrefix"] = prefix,
            ["Storage__ContainerPrefix"] = prefix,
        };
    }

    /// <summary>The host reaches the handler on 127.0.0.1 only; nothing else on the machine or network may reach it.</summary>
    private static async Task AssertListensOnlyOnLoopbackAsync(CustomHandlerProcess app)
    {
        var expected = $"http://127.0.0.1:{app.Port}";
        var logged = await app.ListeningAddressesAsync(TimeSpan.FromSeconds(5));
        Assert.All(logged, address => Assert.Equal(expected, address));

        var sockets = ListeningSockets.AddressesListeningOn(app.Port);
        if (sockets is not null)
        {
            Assert.Equal([IPAddress.Loopback], sockets);
        }

        Assert.True(logged.Count > 0 || sockets is not null, "Neither the app's log nor the kernel's socket table says where the app listens.");

        foreach (var address in ListeningSockets.NonLoopbackAddresses())
        {
            Assert.False(await ListeningSockets.AcceptsConnectionAsync(address, app.Port), $"The app is reachable on {address}:{app.Port}.");
        }
    }

    /// <summary>One request through each HTTP function's route, as the host would forward it (same path, method, query).</summary>
    private async Task AssertEveryHttpFunctionReachesTheAppAsync(CustomHandlerProcess app)
    {
        var host = Host;
        var routes = FunctionDefinition.LoadAll(published.Directory).Where(f => f.IsHttp).Select(f => f.HttpRoute(host)).ToList();
        Assert.NotEmpty(routes);

        foreach (var route in routes)
        {
            var method = route.AllowsMethod("get") ? HttpMethod.Get : new HttpMethod(route.Methods![0].ToUpperInvariant());
            if (route.FirstLiteral is { } prefix && KnownProbes.TryGetValue(prefix, out var probe) && method == HttpMethod.Get)
            {
                Assert.True(route.CanMatch(probe.Path), $"{route} does not route the probe {probe.Path}.");
                using var response = await app.Client.GetAsync(probe.Path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(probe.Status == response.StatusCode, $"GET {probe.Path} through {route}: {(int)response.StatusCode} {body}");
                Assert.Equal(probe.MediaType, response.Content.Headers.ContentType?.MediaType);
                if (probe.MediaType.EndsWith("json", StringComparison.Ordinal))
                {
                    using var json = JsonDocument.Parse(body);
                    Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
                }
            }
            else
            {
                var path = route.SamplePath();
                Assert.True(route.CanMatch(path), $"{route} does not route its own sample path {path}.");
                using var request = new HttpRequestMessage(method, path);
                using var response = await app.Client.SendAsync(request);
                Assert.True((int)response.StatusCode < 500,
                    $"{method} {path} through {route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    /// <summary>The host invokes a timer function with POST /{FunctionName} and needs a 2xx with a JSON object back.</summary>
    private async Task AssertEveryTimerFunctionIsInvocableAsync(CustomHandlerProcess app)
    {
        foreach (var timer in FunctionDefinition.LoadAll(published.Directory).Where(f => f.IsTimer))
        {
            var bindingName = Json.String(Json.Property(timer.Trigger!.Value, "name")) ?? "timer";
            var now = DateTimeOffset.UtcNow;
            var invocation = new Dictionary<string, object>
            {
                ["Data"] = new Dictionary<string, object>
                {
                    [bindingName] = new
                    {
                        Schedule = new { AdjustForDST = true },
                        ScheduleStatus = new { Last = now.AddDays(-1), Next = now.AddDays(1), LastUpdated = now.AddDays(-1) },
                        IsPastDue = false,
                    },
                },
                ["Metadata"] = new Dictionary<string, object>(),
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/" + timer.Name)
            {
                Content = new StringContent(JsonSerializer.Serialize(invocation), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
            request.Headers.Add("X-Azure-Functions-HostVersion", "4.1000.0");
            request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1000.0");

            using var response = await app.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"POST /{timer.Name}: {(int)response.StatusCode} {body}");
            AssertInvocationResponse(timer.Name, body);
        }
    }

    /// <summary>The host invokes a queue function with POST /{FunctionName}, the message as a JSON string under the binding's name.</summary>
    private async Task AssertEveryQueueFunctionIsInvocableAsync(CustomHandlerProcess app)
    {
        var queues = FunctionDefinition.LoadAll(published.Directory).Where(f => f.IsQueue).ToList();
        Assert.NotEmpty(queues);
        foreach (var queue in queues)
        {
            var bindingName = Json.String(Json.Property(queue.Trigger!.Value, "name")) ?? "message";
            // A scan that does not exist (ids well-formed): the handler answers that there is nothing to do.
            var message = JsonSerializer.Serialize(new { agency = new string('a', 26), site = new string('b', 26), scan = new string('1', 19) + "abcdef" });
            var invocation = new Dictionary<string, object>
            {
                ["Data"] = new Dictionary<string, object> { [bindingName] = message },
                ["Metadata"] = new Dictionary<string, object> { ["DequeueCount"] = 1, ["Id"] = Guid.NewGuid().ToString() },
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/" + queue.Name)
            {
                Content = new StringContent(JsonSerializer.Serialize(invocation), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
            request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1000.0");

            using var response = await app.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"POST /{queue.Name}: {(int)response.StatusCode} {body}");
            AssertInvocationResponse(queue.Name, body);
        }
    }

    /// <summary>The host reads {"Outputs": {...}, "Logs": [...], "ReturnValue": ...}: a timer has no outputs, and its log lines reach Application Insights.</summary>
    private static void AssertInvocationResponse(string function, string body)
    {
        using var result = JsonDocument.Parse(body);
        var root = result.RootElement;
        Assert.True(root.ValueKind == JsonValueKind.Object, $"POST /{function} answered {body}");
        Assert.True(root.TryGetProperty("Outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Object && !outputs.EnumerateObject().Any(),
            $"POST /{function}: Outputs must be an empty object (a timer binds no outputs): {body}");
        Assert.True(root.TryGetProperty("Logs", out var logs) && logs.ValueKind == JsonValueKind.Array && logs.GetArrayLength() > 0 &&
            logs.EnumerateArray().All(l => l.ValueKind == JsonValueKind.String),
            $"POST /{function}: Logs must be a non-empty array of strings: {body}");
        Assert.Contains(function, logs[0].GetString()!, StringComparison.Ordinal);
        Assert.True(root.TryGetProperty("ReturnValue", out _), $"POST /{function}: ReturnValue is missing: {body}");
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], root.EnumerateObject().Select(p => p.Name));
    }

    private sealed record Probe(string Path, HttpStatusCode Status, string MediaType);
}
