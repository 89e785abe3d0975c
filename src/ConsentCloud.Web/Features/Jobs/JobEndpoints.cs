using System.Text.Json;
using System.Text.Json.Serialization;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Jobs;

/// <summary>The Functions host's answer to a timer invocation (custom handler protocol).</summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);

public sealed class PlatformOptions
{
    public const string Section = "Platform";

    /// <summary>People who run the platform ("{tid}.{oid}"): they see job runs. Not an agency role.</summary>
    public string[] Operators { get; set; } = [];
}

public static class JobEndpoints
{
    public const int MaxEnvelope = 64 * 1024;

    /// <summary>
    /// POST /{FunctionName} for every job: where the Functions host sends timer invocations. Only the host can reach it:
    /// the app listens on loopback, and no HTTP function's route can match a bare job name (tested).
    /// </summary>
    public static void MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var runner = app.ServiceProvider.GetRequiredService<JobRunner>();
        foreach (var name in runner.Names)
        {
            app.MapPost("/" + name, (HttpContext http, JobRunner jobs) => InvokeAsync(name, http, jobs))
                .WithBodyLimit(MaxEnvelope).ExcludeFromDescription();
        }

        var platform = app.MapGroup("/api/v1/platform").RequireAuthorization(AccessSetup.ApiPolicy).WithTags("Platform");
        platform.MapGet("/job-runs", ListRunsAsync);
        platform.MapGet("/job-runs/{job}/{runId}/sites", ListRunSitesAsync);
    }

    /// <summary>Reads the host's {Data, Metadata} envelope, runs the job, answers {Outputs, Logs, ReturnValue}; 500 fails the invocation.</summary>
    public static async Task<IResult> InvokeAsync(string name, HttpContext http, JobRunner jobs)
    {
        using var envelope = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        if (envelope.RootElement.ValueKind != JsonValueKind.Object || !envelope.RootElement.TryGetProperty("Data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return TypedResults.Problem(statusCode: 400, detail: "Expected the Functions host's invocation envelope: {\"Data\": {...}, \"Metadata\": {...}}.");
        }

        var pastDue = data.EnumerateObject().Any(b => b.Value.ValueKind == JsonValueKind.Object && b.Value.TryGetProperty("IsPastDue", out var p) && p.ValueKind == JsonValueKind.True);
        var invocation = http.Request.Headers["X-Azure-Functions-InvocationId"].ToString();
        var result = await jobs.RunAsync(name, pastDue ? "timer (past due)" : "timer", null, http.RequestAborted);
        var logs = new List<string> { $"{name} run {result.Run.RunId}{(invocation.Length > 0 ? $" (invocation {invocation[..Math.Min(64, invocation.Length)]})" : "")}: {result.Run.Outcome}, {result.Run.Processed} processed, {result.Run.Changed} changed, {result.Run.SitesTotal} sites." };
        logs.AddRange(result.Logs.Take(100));
        var body = new InvocationResponse(new Dictionary<string, object?>(), logs, new { result.Run.RunId, Outcome = result.Run.Outcome.ToString(), result.Run.Processed, result.Run.Changed, result.Run.Error });
        return TypedResults.Json(body, statusCode: result.Run.Outcome == JobOutcome.Failed ? 500 : 200);
    }

    public static async Task<Results<Ok<JobRun[]>, NotFound>> ListRunsAsync(string? job, int? max, HttpContext http, JobRunner jobs, JobRunStore store, IOptions<PlatformOptions> platform, CancellationToken ct)
    {
        if (!IsOperator(http, platform.Value))
        {
            return TypedResults.NotFound();
        }

        var runs = new List<JobRun>();
        foreach (var name in jobs.Names.Where(n => job is null || n == job))
        {
            runs.AddRange(await store.ListRunsAsync(name, Math.Clamp(max ?? 50, 1, 500), ct));
        }

        return TypedResults.Ok(runs.OrderByDescending(r => r.StartedAt).ToArray());
    }

    public static async Task<Results<Ok<SiteCounts[]>, NotFound>> ListRunSitesAsync(string job, string runId, HttpContext http, JobRunner jobs, JobRunStore store, IOptions<PlatformOptions> platform, CancellationToken ct)
    {
        if (!IsOperator(http, platform.Value) || !jobs.Exists(job) || !Ids.IsValid(runId, 16))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok((await store.ListRunSitesAsync(runId, ct)).ToArray());
    }

    private static bool IsOperator(HttpContext http, PlatformOptions platform) =>
        Caller.From(http.User) is UserCaller user && platform.Operators.Contains(user.UserKey, StringComparer.OrdinalIgnoreCase);
}
