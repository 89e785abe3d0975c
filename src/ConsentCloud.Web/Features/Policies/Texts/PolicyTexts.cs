using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ConsentCloud.Web.Features.Policies.Texts;

/// <summary>
/// The texts of the generated parts of the hosted privacy and cookie policies, written for this project in da, nb, sv,
/// fi, en and de (one file per language). Texts are plain text: the renderer HTML-encodes them. A text may hold
/// <c>{name}</c> placeholders, filled by <see cref="Format"/>; every language uses the same placeholders for a key.
/// </summary>
public static partial class PolicyTexts
{
    public static IReadOnlyList<string> Languages { get; } = ["da", "nb", "sv", "fi", "en", "de"];

    private static readonly FrozenDictionary<string, LanguagePack> Packs = new Dictionary<string, LanguagePack>
    {
        ["da"] = Danish(),
        ["nb"] = Norwegian(),
        ["sv"] = Swedish(),
        ["fi"] = Finnish(),
        ["en"] = English(),
        ["de"] = German(),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> CultureNames = new Dictionary<string, string>
    {
        ["da"] = "da-DK",
        ["nb"] = "nb-NO",
        ["sv"] = "sv-SE",
        ["fi"] = "fi-FI",
        ["en"] = "en-GB",
        ["de"] = "de-DE",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The text of <paramref name="key"/> in <paramref name="language"/>, placeholders left as they are.</summary>
    /// <exception cref="KeyNotFoundException">The language or the key is unknown.</exception>
    public static string Get(string language, string key) =>
        Pack(language).Texts.TryGetValue(key, out var text) ? text : throw new KeyNotFoundException($"There is no policy text '{key}'.");

    /// <summary>
    /// The text of <paramref name="key"/> with each <c>{name}</c> replaced by its value, as plain text (values are not
    /// searched for placeholders again). A placeholder without a value is a bug in the caller and throws.
    /// </summary>
    public static string Format(string language, string key, params (string Name, string Value)[] values)
    {
        var template = Get(language, key);
        return Placeholder().Replace(template, match =>
        {
            var name = match.Groups[1].Value;
            foreach (var (n, value) in values)
            {
                if (n == name)
                {
                    return value;
                }
            }

            throw new ArgumentException($"The policy text '{key}' needs a value for {{{name}}}.", nameof(values));
        });
    }

    /// <summary>A cookie lifetime as the banner configuration holds it ("session", "persistent", "30min", "13mo", "2y", "&lt;=2y") in words.</summary>
    /// <exception cref="ArgumentException">The lifetime is not in that form.</exception>
    public static string Lifetime(string language, string lifetime)
    {
        var pack = Pack(language);
        switch (lifetime)
        {
            case "session":
                return pack.Session;
            case "persistent":
                return pack.Persistent;
        }

        var match = LifetimePattern().Match(lifetime);
        if (!match.Success)
        {
            throw new ArgumentException($"'{lifetime}' is not a lifetime: session, persistent, or a number with min, h, d, w, mo or y, optionally after <=.", nameof(lifetime));
        }

        var duration = Count(language, pack, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), match.Groups[3].Value);
        return match.Groups[1].Success ? Format(language, "lifetime.upTo", ("duration", duration)) : duration;
    }

    /// <summary>"1 month", "12 months" and their equivalents, for use inside sentences.</summary>
    public static string Months(string language, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return Count(language, Pack(language), n, "mo");
    }

    /// <summary>The culture for dates and numbers on a page in <paramref name="language"/>.</summary>
    public static CultureInfo Culture(string language) =>
        CultureNames.TryGetValue(language, out var name)
            ? CultureInfo.GetCultureInfo(name)
            : throw new KeyNotFoundException($"There are no policy texts in '{language}'.");

    private static string Count(string language, LanguagePack pack, int n, string unit)
    {
        var names = pack.Units[unit];
        return $"{n.ToString("N0", Culture(language))} {(n == 1 ? names.One : names.Many)}";
    }

    private static LanguagePack Pack(string language) =>
        Packs.TryGetValue(language, out var pack) ? pack : throw new KeyNotFoundException($"There are no policy texts in '{language}'.");

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^(<=)?([1-9][0-9]{0,4})(min|h|d|w|mo|y)$", RegexOptions.CultureInvariant)]
    private static partial Regex LifetimePattern();

    /// <summary>A unit's singular (for 1) and plural (for every other number) as it follows a number.</summary>
    private readonly record struct UnitNames(string One, string Many);

    /// <summary>One language: its texts by key, and the words for lifetimes.</summary>
    private sealed record LanguagePack(
        string Session,
        string Persistent,
        IReadOnlyDictionary<string, UnitNames> Units,
        IReadOnlyDictionary<string, string> Texts);
}
