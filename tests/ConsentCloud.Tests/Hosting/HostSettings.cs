using System.Text.Json;

namespace ConsentCloud.Tests.Hosting;

/// <summary>
/// The parts of host.json the Functions host reads to start and route to a custom handler. Property names are matched
/// case-insensitively, as the host's configuration does; missing values take the host's defaults.
/// </summary>
internal sealed class HostSettings
{
    /// <summary>The host's default when extensions.http.routePrefix is absent.</summary>
    public const string DefaultRoutePrefix = "api";

    private HostSettings(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public string? ExecutablePath => Json.String(Json.Path(Root, "customHandler", "description", "defaultExecutablePath"));

    public IReadOnlyList<string> Arguments =>
        Json.Path(Root, "customHandler", "description", "arguments") is { ValueKind: JsonValueKind.Array } arguments
            ? [.. arguments.EnumerateArray().Select(a => a.GetString() ?? "")]
            : [];

    public string? WorkingDirectory => Json.String(Json.Path(Root, "customHandler", "description", "workingDirectory"));

    public bool EnableProxyingHttpRequest => Json.Path(Root, "customHandler", "enableProxyingHttpRequest") is { ValueKind: JsonValueKind.True };

    /// <summary>extensions.http.routePrefix, or null when host.json does not set it (the host then uses "api").</summary>
    public string? RoutePrefix => Json.String(Json.Path(Root, "extensions", "http", "routePrefix"));

    public string EffectiveRoutePrefix => RoutePrefix ?? DefaultRoutePrefix;

    public static HostSettings Load(string path) => new(Json.ReadFile(path));

    /// <summary>The handler's working directory as the host resolves it: workingDirectory under the app root, or the app root.</summary>
    public string WorkingDirectoryUnder(string appRoot) =>
        string.IsNullOrWhiteSpace(WorkingDirectory) ? appRoot : Path.GetFullPath(WorkingDirectory, appRoot);
}

/// <summary>Small, case-insensitive JSON reading for host.json and function.json (which the host reads leniently).</summary>
internal static class Json
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static JsonElement ReadFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), Options);
        return document.RootElement.Clone();
    }

    public static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    public static JsonElement? Path(JsonElement element, params string[] names)
    {
        JsonElement? current = element;
        foreach (var name in names)
        {
            current = current is { } value ? Property(value, name) : null;
        }

        return current;
    }

    public static string? String(JsonElement? element) => element is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
