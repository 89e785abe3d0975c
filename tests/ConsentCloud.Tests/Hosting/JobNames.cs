namespace ConsentCloud.Tests.Hosting;

/// <summary>
/// Names the host invokes with POST /{FunctionName}: the timer and queue functions in the function folders, plus the
/// jobs already planned, so an HTTP route that would swallow them fails before they exist.
/// </summary>
internal static class JobNames
{
    public static readonly string[] Planned = ["ExpireConsents", "PurgeRetention", "RecountStatistics", "ReportUsage"];

    public static IReadOnlyList<string> All(IEnumerable<FunctionDefinition> functions) =>
        [.. functions.Where(f => f.IsInvoked).Select(f => f.Name).Concat(Planned).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The paths a caller could try for a job: as named, lower, upper and alternating case, with and without a trailing slash.</summary>
    public static IEnumerable<string> PathsFor(string name) =>
        new[] { name, name.ToLowerInvariant(), name.ToUpperInvariant(), Alternating(name) }
            .Distinct(StringComparer.Ordinal)
            .SelectMany(n => new[] { "/" + n, "/" + n + "/" });

    private static string Alternating(string name) =>
        string.Concat(name.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));
}
