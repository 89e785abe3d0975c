using System.Text.RegularExpressions;
using ConsentCloud.Tests.Hosting;

namespace ConsentCloud.Tests.Deploy;

/// <summary>
/// Just enough reading of infra/**/*.bicep for the deployment tests (there is no Bicep CLI here): the app settings
/// (keys of every <c>var ...Settings = {</c> object, one per line), role assignments, and named property values.
/// The Bicep is written plainly so this stays simple; a test fails loudly when the text no longer parses.
/// </summary>
internal static partial class BicepText
{
    public static string InfraDirectory => Path.Combine(RepoPaths.Root, "infra");

    public static IReadOnlyList<string> Files =>
        [.. Directory.EnumerateFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(InfraDirectory, relativePath));

    /// <summary>An app setting as the Bicep writes it: its name and its value expression.</summary>
    public sealed record Setting(string Name, string Value, string Object, string File)
    {
        /// <summary>The value when it is a plain string literal ('false'), else null (an expression, resolved in Azure).</summary>
        public string? Literal => LiteralString().Match(Value) is { Success: true } m ? m.Groups[1].Value : null;

        public bool IsKeyVaultReference => Value.StartsWith("'@Microsoft.KeyVault(SecretUri=", StringComparison.Ordinal);

        /// <summary>The secret name of a Key Vault reference ('...secrets/{name}/)').</summary>
        public string? SecretName => KeyVaultSecretName().Match(Value) is { Success: true } m ? m.Groups[1].Value : null;
    }

    /// <summary>Every key of every <c>var xxxSettings = {</c> object in infra/.</summary>
    public static IReadOnlyList<Setting> AppSettings()
    {
        List<Setting> settings = [];
        foreach (var file in Files)
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (SettingsObjectStart().Match(lines[i]) is not { Success: true } start)
                {
                    continue;
                }

                for (i++; i < lines.Length && lines[i].TrimEnd() != "}"; i++)
                {
                    var line = StripComment(lines[i]).Trim();
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    var entry = SettingsEntry().Match(line);
                    if (!entry.Success)
                    {
                        throw new FormatException($"{Path.GetRelativePath(RepoPaths.Root, file)}:{i + 1}: write one `Name: value` per line in {start.Groups[1].Value}: {lines[i]}");
                    }

                    settings.Add(new Setting(entry.Groups[2].Value, entry.Groups[3].Value.Trim(), start.Groups[1].Value, Path.GetRelativePath(RepoPaths.Root, file)));
                }
            }
        }

        return settings;
    }

    /// <summary>A role assignment resource: its symbolic name, the role variable it names, and the principal expression.</summary>
    public sealed record RoleAssignment(string Resource, string Role, string Principal, string Scope);

    public static IReadOnlyList<RoleAssignment> RoleAssignments(string text) =>
    [
        .. ResourceBlocks(text)
            .Where(b => b.Type.StartsWith("Microsoft.Authorization/roleAssignments@", StringComparison.Ordinal))
            .Select(b => new RoleAssignment(
                b.Name,
                RoleReference().Match(b.Body).Groups[1].Value,
                Property(b.Body, "principalId") ?? "",
                Property(b.Body, "scope") ?? "")),
    ];

    /// <summary>The keys and values of <c>var {name} = { ... }</c> (one <c>key: 'value'</c> per line).</summary>
    public static IReadOnlyDictionary<string, string> ObjectVariable(string text, string name)
    {
        var match = Regex.Match(text, $@"^var {Regex.Escape(name)} = \{{\r?\n(.*?)^\}}", RegexOptions.Multiline | RegexOptions.Singleline);
        if (!match.Success)
        {
            throw new FormatException($"No `var {name} = {{` object.");
        }

        return match.Groups[1].Value.Split('\n')
            .Select(l => SettingsEntry().Match(StripComment(l).Trim()))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[2].Value, m => m.Groups[3].Value.Trim().Trim('\''), StringComparer.Ordinal);
    }

    /// <summary>The value expression of the first <c>name: value</c> line in <paramref name="text"/>.</summary>
    public static string? Property(string text, string name) =>
        Regex.Match(text, $@"^\s*{Regex.Escape(name)}:\s*(.+?)\s*$", RegexOptions.Multiline) is { Success: true } m ? StripComment(m.Groups[1].Value).Trim() : null;

    /// <summary><c>param name type</c> declarations: the name and whether they have a default value.</summary>
    public static IReadOnlyList<(string Name, bool HasDefault)> Parameters(string text) =>
        [.. ParameterLine().Matches(text).Select(m => (m.Groups[1].Value, m.Groups[2].Success))];

    private sealed record ResourceBlock(string Name, string Type, string Body);

    private static IEnumerable<ResourceBlock> ResourceBlocks(string text)
    {
        var starts = ResourceStart().Matches(text);
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1].Index : text.Length;
            yield return new ResourceBlock(starts[i].Groups[1].Value, starts[i].Groups[2].Value, text[starts[i].Index..end]);
        }
    }

    private static string StripComment(string line)
    {
        // "//" outside a string literal (URLs in values are inside quotes).
        var inString = false;
        for (var i = 0; i < line.Length - 1; i++)
        {
            if (line[i] == '\'')
            {
                inString = !inString;
            }
            else if (!inString && line[i] == '/' && line[i + 1] == '/')
            {
                return line[..i];
            }
        }

        return line;
    }

    [GeneratedRegex(@"^var (\w+Settings) = \{\s*$")]
    private static partial Regex SettingsObjectStart();

    [GeneratedRegex(@"^('?)([A-Za-z_][A-Za-z0-9_]*)\1\s*:\s*(.+)$")]
    private static partial Regex SettingsEntry();

    [GeneratedRegex(@"^'([^'$]*)'$")]
    private static partial Regex LiteralString();

    [GeneratedRegex(@"secrets/([A-Za-z0-9-]+)/?\)")]
    private static partial Regex KeyVaultSecretName();

    [GeneratedRegex(@"^resource (\w+) '([^']+)'", RegexOptions.Multiline)]
    private static partial Regex ResourceStart();

    [GeneratedRegex(@"roles\.(\w+)")]
    private static partial Regex RoleReference();

    [GeneratedRegex(@"^param (\w+) [\w.]+( = .*)?$", RegexOptions.Multiline)]
    private static partial Regex ParameterLine();
}
