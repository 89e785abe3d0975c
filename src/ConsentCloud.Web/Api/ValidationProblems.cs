using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConsentCloud.Web.Api;

/// <summary>
/// One shape for every validation error the API answers: keys are the JSON paths of the fields, in the JSON's camelCase
/// (<c>company.registrationNumber</c>, <c>domains[1]</c>), and messages are sentences that name the field as the JSON
/// does, including the allowed values of an enum. Applied to every ValidationProblem (the minimal APIs' validation
/// and our own) in <see cref="ApiDefaults"/>, and to the JSON reader's errors in <see cref="ApiExceptionHandler"/>.
/// The portal's forms keep the member paths (<see cref="RequestValidator"/>) and their own texts.
/// </summary>
public static partial class ValidationProblems
{
    public static Dictionary<string, string[]> Normalise(IDictionary<string, string[]> errors)
    {
        var normalised = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in errors)
        {
            var path = JsonPath(key);
            var rewritten = messages.Select(m => Message(path, m));
            normalised[path] = normalised.TryGetValue(path, out var earlier) ? [.. earlier, .. rewritten] : [.. rewritten];
        }

        return normalised;
    }

    /// <summary>"Company.Address.Street" → "company.address.street"; "Domains[1]" → "domains[1]"; "$.role" → "role".</summary>
    public static string JsonPath(string key)
    {
        var path = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..] : key == "$" ? "" : key;
        return string.Join('.', path.Split('.').Select(segment =>
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            return JsonNamingPolicy.CamelCase.ConvertName(name) + (bracket < 0 ? "" : segment[bracket..]);
        }));
    }

    /// <summary>The DataAnnotations defaults ("The field Name must be …") as sentences about the JSON field.</summary>
    private static string Message(string path, string message)
    {
        var field = $"'{path.Split('.')[^1]}'";
        foreach (var (pattern, sentence) in Defaults)
        {
            if (pattern.Match(message) is { Success: true } match)
            {
                return sentence(field, match.Groups);
            }
        }

        return message;
    }

    private static string Items(string n) => n == "1" ? "1 item" : $"{n} items";

    private static readonly (Regex Pattern, Func<string, GroupCollection, string> Sentence)[] Defaults =
    [
        (new(@"^The \S+ field is required\.$"), (f, _) => $"{f} is required."),
        (new(@"^The \S+ field is not a valid e-mail address\.$"), (f, _) => $"{f} is not a valid e-mail address."),
        (new(@"^The \S+ field is not a valid phone number\.$"), (f, _) => $"{f} is not a valid phone number."),
        (new(@"^The \S+ field is not a valid fully-qualified http, https, or ftp URL\.$"), (f, _) => $"{f} is not a valid absolute URL (https://…)."),
        (new(@"^The field \S+ must be between (\S+) and (\S+)\.$"), (f, g) => $"{f} must be from {g[1].Value} to {g[2].Value}."),
        (new(@"^The field \S+ must match the regular expression '.*'\.$", RegexOptions.Singleline), (f, _) => $"{f} does not have the required format."),
        (new(@"^The field \S+ must be a string with a maximum length of (\d+)\.$"), (f, g) => $"{f} has at most {g[1].Value} characters."),
        (new(@"^The field \S+ must be a string with a minimum length of (\d+) and a maximum length of (\d+)\.$"),
            (f, g) => g[1].Value == "1" ? $"{f} must not be empty and has at most {g[2].Value} characters." : $"{f} has {g[1].Value} to {g[2].Value} characters."),
        (new(@"^The field \S+ must be a string or array type with a minimum length of '(\d+)'\.$"), (f, g) => $"{f} needs at least {Items(g[1].Value)}."),
        (new(@"^The field \S+ must be a string or array type with a maximum length of '(\d+)'\.$"), (f, g) => $"{f} has at most {Items(g[1].Value)}."),
    ];

    /// <summary>A JSON reader error as a field error: the wrong type, an unknown field, a value not in an enum, missing fields.</summary>
    public static (string Detail, Dictionary<string, string[]>? Errors) FromJson(JsonException json)
    {
        if (json.Path is null)
        {
            return ("The request body is not valid JSON.", null);
        }

        var path = JsonPath(json.Path);
        var field = path.Length == 0 ? "the body" : $"'{path}'";
        if (json.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return ($"The field {field} is not part of this request.", new() { [path] = [$"{field} is not a field of this request."] });
        }

        if (json.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            var message = EnumOf(json.Message) is { } values
                ? $"{field} must be one of {string.Join(", ", values)}."
                : $"{field} has the wrong type of value.";
            return (message, new() { [path] = [message] });
        }

        if (json.Message.IndexOf("including:", StringComparison.Ordinal) is var at and >= 0)
        {
            var missing = MissingField().Matches(json.Message[(at + 10)..]).Select(m => m.Groups[1].Value).ToList();
            var prefix = path.Length == 0 ? "" : path + ".";
            return ($"Required fields are missing{(path.Length == 0 ? "" : $" in {field}")}: {string.Join(", ", missing)}.",
                missing.ToDictionary(m => prefix + m, m => new[] { $"'{m}' is required." }));
        }

        return (string.Create(CultureInfo.InvariantCulture, $"The request body is not valid JSON at {field} (line {json.LineNumber + 1}, byte {json.BytePositionInLine})."), null);
    }

    /// <summary>The allowed values, as the JSON spells them, when the type the reader failed to convert to is one of our enums.</summary>
    private static IReadOnlyList<string>? EnumOf(string message)
    {
        var name = ConvertedTo().Match(message) is { Success: true } m ? m.Groups[1].Value.TrimEnd('.') : null;
        var type = name is null ? null : typeof(ValidationProblems).Assembly.GetType(name);
        return type is { IsEnum: true } ? [.. Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName)] : null;
    }

    [GeneratedRegex(@"could not be converted to (?:System\.Nullable`1\[)?([A-Za-z0-9_.+]+)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex MissingField();
}
