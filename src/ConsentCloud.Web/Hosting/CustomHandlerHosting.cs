namespace ConsentCloud.Web.Hosting;

/// <summary>
/// Azure Functions custom handler hosting: under the Functions host the app listens on
/// 127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT; without it, on http://localhost:7071 (the port developers know from func).
/// </summary>
public static class CustomHandlerHosting
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";
    public const string LocalUrl = "http://localhost:7071";

    public static WebApplicationBuilder UseCustomHandlerPort(this WebApplicationBuilder builder)
    {
        var port = Environment.GetEnvironmentVariable(PortVariable);
        if (!string.IsNullOrEmpty(port))
        {
            if (!int.TryParse(port, out var value) || value is < 1 or > 65535)
            {
                throw new InvalidOperationException($"{PortVariable} must be a TCP port number, got '{port}'.");
            }

            builder.WebHost.UseUrls($"http://127.0.0.1:{value}");
        }
        else if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(LocalUrl);
        }

        // The host sends no body larger than our own limits, and we never serve one: keep Kestrel's ceiling small.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
        });
        return builder;
    }

    /// <summary>The host's readiness probe polls GET / every 25 ms until it answers: answer at once, touch nothing.</summary>
    public static void MapReadiness(this WebApplication app) =>
        app.MapGet("/", () => TypedResults.Text("ConsentCloud is running.")).ExcludeFromDescription();
}
