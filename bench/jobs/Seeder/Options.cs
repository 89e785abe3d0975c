using System.Globalization;

namespace JobsSeeder;

/// <summary>"--name value" pairs and bare "--flag"s.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Expected an option, got '{args[i]}'.");
            }

            var name = args[i][2..];
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options.values[name] = hasValue ? args[++i] : "true";
        }

        return options;
    }

    public string Required(string name) =>
        values.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new ArgumentException($"--{name} is required.");

    public string? Text(string name, string? fallback = null) => values.TryGetValue(name, out var value) ? value : fallback;

    public int Int(string name, int fallback) =>
        values.TryGetValue(name, out var value)
            ? int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 ? parsed : throw new ArgumentException($"--{name} must be a whole number ≥ 0.")
            : fallback;

    public long Long(string name, long fallback) =>
        values.TryGetValue(name, out var value)
            ? long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 ? parsed : throw new ArgumentException($"--{name} must be a whole number ≥ 0.")
            : fallback;

    public double Double(string name, double fallback) =>
        values.TryGetValue(name, out var value)
            ? double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 ? parsed : throw new ArgumentException($"--{name} must be a number ≥ 0.")
            : fallback;

    public bool Flag(string name) => values.TryGetValue(name, out var value) && value is "true" or "1" or "yes";
}
