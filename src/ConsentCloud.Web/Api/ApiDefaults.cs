using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;

namespace ConsentCloud.Web.Api;

/// <summary>JSON, ProblemDetails and error mapping shared by every API surface.</summary>
public static class ApiDefaults
{
    public static WebApplicationBuilder AddApiDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(options => Configure(options.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.Remove("exception");
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                validation.Errors = ValidationProblems.Normalise(validation.Errors);
            }
        });
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddValidation();
        builder.Services.AddSingleton<RequestValidator>();
        return builder;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MaxDepth = 16;
        options.ReadCommentHandling = JsonCommentHandling.Disallow;
    }

    public static void UseApiDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Routing right after the exception handler: short-circuited endpoints (the public files) run here, and their
        // failures are still turned into ProblemDetails.
        app.UseRouting();
        app.UseStatusCodePages();
        app.UseMiddleware<BodyLimitMiddleware>();
    }
}

/// <summary>Turns the exceptions that describe the caller's mistake or a storage outage into ProblemDetails.</summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var errors = exception is BadHttpRequestException { InnerException: JsonException inner } ? ValidationProblems.FromJson(inner).Errors
            : exception is JsonException thrown ? ValidationProblems.FromJson(thrown).Errors
            : null;
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (413, "Request body too large", bad.Message),
            BadHttpRequestException { InnerException: JsonException json } =>
                (400, "Malformed JSON", JsonProblem(json)),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            JsonException json => (400, "Malformed JSON", JsonProblem(json)),
            _ when IsStorageOutage(exception) =>
                (503, "Storage unavailable", "The service could not reach its storage. Nothing was changed; try again shortly."),
            _ => (500, "Unexpected error", "An unexpected error occurred."),
        };

        if (status >= 500)
        {
            ApiLog.Unhandled(logger, exception.GetType().Name, context.Request.Method, context.Request.Path, exception);
        }

        if (status == 503)
        {
            context.Response.Headers.RetryAfter = "5";
        }

        context.Response.StatusCode = status;
        var problem = errors is null ? new Microsoft.AspNetCore.Mvc.ProblemDetails() : new HttpValidationProblemDetails(errors);
        (problem.Status, problem.Title, problem.Detail) = (status, title, detail);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }

    /// <summary>Storage unreachable or failing: the pipeline's retries are spent (they end in an AggregateException).</summary>
    private static bool IsStorageOutage(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } or HttpRequestException or TimeoutException => true,
        TaskCanceledException or OperationCanceledException => false,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStorageOutage),
        _ => false,
    };

    // JsonException messages name the path and position and never echo the payload.
    private static string JsonProblem(JsonException json) => ValidationProblems.FromJson(json).Detail;
}

internal static partial class ApiLog
{
    [LoggerMessage(1, LogLevel.Error, "{ExceptionType} while handling {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, string exceptionType, string method, PathString path, Exception exception);
}
