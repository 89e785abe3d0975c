using ConsentCloud.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Hosting;

/// <summary>
/// In Azure a request reaches the app only through an HTTP function's route. Every endpoint the app maps must be
/// behind one (with its methods), except the host's own calls: GET / (readiness) and POST /{TimerFunction} or /{QueueFunction} (invocations).
/// </summary>
public sealed class RouteCoverageTests(TestApp app) : IClassFixture<TestApp>
{
    private static readonly HostSettings Host = HostSettings.Load(RepoPaths.HostJson);
    private static readonly IReadOnlyList<FunctionDefinition> Functions = FunctionDefinition.LoadAll(RepoPaths.FunctionsDirectory);
    private static readonly IReadOnlyList<FunctionRoute> HttpRoutes = [.. Functions.Where(f => f.IsHttp).Select(f => f.HttpRoute(Host))];
    /// <summary>An endpoint without method metadata answers every method: only a function accepting all of them covers it.</summary>
    private const string AnyMethod = "*";

    private static readonly IReadOnlyList<string> TimerNames = [.. Functions.Where(f => f.IsTimer).Select(f => f.Name)];
    private static readonly IReadOnlyList<string> InvokedNames = [.. Functions.Where(f => f.IsInvoked).Select(f => f.Name)];

    [Fact]
    public void EveryPublicRouteIsReachableThroughAnHttpFunction()
    {
        var endpoints = Endpoints();
        Assert.Contains(endpoints, e => e.Route.RawText == "/v1/sites/{siteKey}/config.json");
        Assert.Contains(endpoints, e => e.Route.RawText == "/api/v1/openapi.json");

        var unreachable =
            from endpoint in endpoints
            where !IsReadiness(endpoint) && !IsJob(endpoint)
            from method in endpoint.Methods ?? [AnyMethod]
            where !HttpRoutes.Any(r => r.Covers(endpoint.Route) && (method == AnyMethod ? r.Methods is null : r.AllowsMethod(method)))
            select $"{method} {endpoint.Route.RawText} ({endpoint.DisplayName})";

        Assert.True(!unreachable.Any(),
            "No HTTP function routes these endpoints:\n  " + string.Join("\n  ", unreachable) +
            "\nHTTP functions:\n  " + string.Join("\n  ", HttpRoutes));
    }

    [Fact]
    public void EveryTimerFunctionHasAJobEndpointTheHostCanPostTo()
    {
        var endpoints = Endpoints();
        Assert.All(TimerNames, name => Assert.Contains(endpoints, e => IsJob(e) && string.Equals(Literal(e.Route), name, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void EveryQueueFunctionHasAnEndpointTheHostCanPostTo()
    {
        var endpoints = Endpoints();
        var queues = Functions.Where(f => f.IsQueue).Select(f => f.Name).ToList();
        Assert.NotEmpty(queues);
        Assert.All(queues, name => Assert.Contains(endpoints, e => IsJob(e) && string.Equals(Literal(e.Route), name, StringComparison.OrdinalIgnoreCase)));
    }

    private IReadOnlyList<AppEndpoint> Endpoints() =>
    [
        .. app.Services.GetServices<EndpointDataSource>()
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ISuppressMatchingMetadata>()?.SuppressMatching != true)
            .Distinct()
            .Select(e => new AppEndpoint(e.RoutePattern, e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods, e.DisplayName)),
    ];

    /// <summary>GET / answers the host's readiness probe; the host calls it itself.</summary>
    private static bool IsReadiness(AppEndpoint endpoint) =>
        endpoint.Route.PathSegments.Count == 0 && endpoint.Methods is { Count: > 0 } methods &&
        methods.All(m => HttpMethods.IsGet(m) || HttpMethods.IsHead(m));

    /// <summary>POST /{FunctionName} for a timer or queue function in the function folders: the host's invocation.</summary>
    private static bool IsJob(AppEndpoint endpoint) =>
        endpoint.Methods is [var method] && HttpMethods.IsPost(method) &&
        Literal(endpoint.Route) is { } name && InvokedNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static string? Literal(RoutePattern route) =>
        route.PathSegments is [{ Parts: [RoutePatternLiteralPart literal] }] ? literal.Content : null;

    private sealed record AppEndpoint(RoutePattern Route, IReadOnlyList<string>? Methods, string? DisplayName);
}
