using System.Text.Json;

namespace ConsentCloud.Tests.Hosting;

/// <summary>One function folder: its name (the folder's) and the bindings of its function.json.</summary>
internal sealed class FunctionDefinition
{
    private FunctionDefinition(string name, string functionJsonPath, JsonElement root)
    {
        Name = name;
        FunctionJsonPath = functionJsonPath;
        Bindings = Json.Property(root, "bindings") is { ValueKind: JsonValueKind.Array } bindings ? [.. bindings.EnumerateArray()] : [];
    }

    public string Name { get; }

    public string FunctionJsonPath { get; }

    public IReadOnlyList<JsonElement> Bindings { get; }

    /// <summary>The single binding whose type ends in "Trigger" (null when there is none or more than one).</summary>
    public JsonElement? Trigger
    {
        get
        {
            var triggers = Bindings.Where(b => TypeOf(b)?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true).ToList();
            return triggers.Count == 1 ? triggers[0] : null;
        }
    }

    public bool IsHttp => Trigger is { } trigger && Is(trigger, "httpTrigger");

    public bool IsTimer => Trigger is { } trigger && Is(trigger, "timerTrigger");

    public bool IsQueue => Trigger is { } trigger && Is(trigger, "queueTrigger");

    /// <summary>A function the host invokes with POST /{FunctionName} (timers and queue triggers), not by HTTP pass-through.</summary>
    public bool IsInvoked => IsTimer || IsQueue;

    /// <summary>The HTTP trigger's route; without one the host routes the function by its name.</summary>
    public string Route => Json.String(Trigger is { } t ? Json.Property(t, "route") : null) is { Length: > 0 } route ? route : Name;

    /// <summary>The HTTP trigger's methods, lower-case; null when it lists none (the host then accepts every method).</summary>
    public IReadOnlyList<string>? Methods =>
        Trigger is { } t && Json.Property(t, "methods") is { ValueKind: JsonValueKind.Array } methods
            ? [.. methods.EnumerateArray().Select(m => (m.GetString() ?? "").ToLowerInvariant())]
            : null;

    /// <summary>The route template the host registers: "{routePrefix}/{route}", or the route alone with an empty prefix.</summary>
    public FunctionRoute HttpRoute(HostSettings host)
    {
        var prefix = host.EffectiveRoutePrefix.Trim('/');
        var route = Route.Trim('/');
        return new FunctionRoute(Name, prefix.Length == 0 ? route : $"{prefix}/{route}", Methods);
    }

    public static string? TypeOf(JsonElement binding) => Json.String(Json.Property(binding, "type"));

    public static string? DirectionOf(JsonElement binding) => Json.String(Json.Property(binding, "direction"));

    public static bool Is(JsonElement binding, string type) => string.Equals(TypeOf(binding), type, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every folder directly under <paramref name="root"/> that holds a function.json, as the host finds them.</summary>
    public static IReadOnlyList<FunctionDefinition> LoadAll(string root) =>
    [
        .. Directory.EnumerateDirectories(root)
            .Select(directory => Path.Combine(directory, "function.json"))
            .Where(File.Exists)
            .Select(path => new FunctionDefinition(Path.GetFileName(Path.GetDirectoryName(path)!), path, Json.ReadFile(path)))
            .OrderBy(f => f.Name, StringComparer.Ordinal),
    ];

    /// <summary>function.json files anywhere under <paramref name="root"/> that are not directly in a function folder.</summary>
    public static IReadOnlyList<string> StrayFunctionJsonFiles(string root)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        return
        [
            .. Directory.EnumerateFiles(fullRoot, "function.json", SearchOption.AllDirectories)
                .Where(path => !string.Equals(Path.GetDirectoryName(Path.GetDirectoryName(path)), fullRoot, StringComparison.Ordinal))
                .Select(path => Path.GetRelativePath(fullRoot, path)),
        ];
    }

    public override string ToString() => Name;
}
