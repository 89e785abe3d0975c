using System.Text.Json.Serialization;
using ConsentCloud.Web.Features.Banners;

namespace ConsentCloud.Web.Features.Census;

/// <summary>What census.js can see of a page, by kind.</summary>
public enum CensusKind
{
    HttpCookie,
    LocalStorage,
    SessionStorage,
    Host,
}

/// <summary>
/// One sampled page view, as census.js sends it (POST /v1/sites/{siteKey}/census, text/plain JSON): names only, never
/// a value; hosts only, never a path. <see cref="Choices"/> is the decision in force (category → granted), null before
/// any decision.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CensusBeacon
{
    public const int MaxNames = 100;
    public const int MaxHosts = 50;
    public const int MaxNameLength = 100;
    public const int MaxCategories = 12;

    /// <summary>The banner's own storage: never counted, never a finding.</summary>
    public static readonly IReadOnlySet<(CensusKind, string)> Own = new HashSet<(CensusKind, string)>
    {
        (CensusKind.HttpCookie, "cc_consent"),
        (CensusKind.LocalStorage, "cc_outbox"),
    };

    public IReadOnlyDictionary<string, bool>? Choices { get; init; }
    public IReadOnlyList<string?> Cookies { get; init; } = [];
    public IReadOnlyList<string?> LocalStorage { get; init; } = [];
    public IReadOnlyList<string?> SessionStorage { get; init; } = [];
    public IReadOnlyList<string?> Hosts { get; init; } = [];

    /// <summary>Problems by field (camelCase JSON paths), empty when the beacon is fine.</summary>
    public Dictionary<string, string[]> Check()
    {
        var errors = new Dictionary<string, string[]>();
        CheckNames(errors, "cookies", Cookies, MaxNames, IsName);
        CheckNames(errors, "localStorage", LocalStorage, MaxNames, IsName);
        CheckNames(errors, "sessionStorage", SessionStorage, MaxNames, IsName);
        CheckNames(errors, "hosts", Hosts, MaxHosts, IsHost);
        if (Choices is { } choices)
        {
            if (choices.Count > MaxCategories)
            {
                errors["choices"] = [$"A decision has at most {MaxCategories} categories."];
            }
            else if (choices.Keys.FirstOrDefault(k => !System.Text.RegularExpressions.Regex.IsMatch(k, CategoryConfig.IdPattern)) is { } bad)
            {
                errors["choices"] = [$"'{Shorten(bad)}' is not a category id."];
            }
        }

        return errors;
    }

    /// <summary>The distinct names of the view (the banner's own left out), each with its kind.</summary>
    public IEnumerable<(CensusKind Kind, string Name)> Items() =>
        Cookies.Select(n => (CensusKind.HttpCookie, n!))
            .Concat(LocalStorage.Select(n => (CensusKind.LocalStorage, n!)))
            .Concat(SessionStorage.Select(n => (CensusKind.SessionStorage, n!)))
            .Concat(Hosts.Select(n => (CensusKind.Host, n!.ToLowerInvariant())))
            .Distinct()
            .Where(item => !Own.Contains(item));

    /// <summary>Printable: 1 to 100 characters, not only spaces, no control character, no broken surrogate pair.</summary>
    public static bool IsName(string? name)
    {
        if (name is not { Length: > 0 and <= MaxNameLength } || string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsControl(name[i]) || char.IsLowSurrogate(name[i]) || (char.IsHighSurrogate(name[i]) && (++i >= name.Length || !char.IsLowSurrogate(name[i]))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A host name: letters, digits, '-' and '.', at most 100 characters (no port, no path).</summary>
    public static bool IsHost(string? host) =>
        host is { Length: > 0 and <= MaxNameLength } && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') && host[0] != '.' && host[^1] != '.';

    private static void CheckNames(Dictionary<string, string[]> errors, string field, IReadOnlyList<string?>? names, int max, Func<string?, bool> valid)
    {
        if (names is null)
        {
            errors[field] = ["A list of names, or leave it out."];
            return;
        }

        if (names.Count > max)
        {
            errors[field] = [$"At most {max} names."];
            return;
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (!valid(names[i]))
            {
                errors[$"{field}[{i}]"] = [field == "hosts"
                    ? "A host is a name of letters, digits, '-' and '.' (at most 100 characters)."
                    : "A name is 1 to 100 printable characters."];
                return;
            }
        }
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
