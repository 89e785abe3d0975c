using System.Globalization;
using ConsentCloud.Web.Features.Banners;

namespace ConsentCloud.Web.Features.Portal.SitePages;

public enum ChangeKind
{
    Added,
    Removed,
    Changed,
}

/// <summary>
/// One difference: what changed (a <see cref="SitePagesText"/> key and its arguments, e.g. "Diff.Text.Title" with the
/// language) and the values before and after, as shown (null where there is none, e.g. for an added service).
/// </summary>
public sealed record Change(ChangeKind Kind, string Label, IReadOnlyList<string> Args, string? Before, string? After);

/// <summary>The differences of one part of the configuration (settings, categories, services, texts, look, Consent Mode).</summary>
public sealed record ChangeGroup(string Part, IReadOnlyList<Change> Changes);

/// <summary>
/// What changed between two published revisions, computed from their immutable documents field by field (not a text
/// diff of their JSON): services and categories by id, texts by language and field, settings and look by value.
/// </summary>
public static class RevisionDiff
{
    /// <summary>How a true or false setting is written in <see cref="Change.Before"/>/<see cref="Change.After"/>; the page words it.</summary>
    public const string On = "\u2713on";
    public const string Off = "\u2713off";

    public static IReadOnlyList<ChangeGroup> Compare(PublishedConfig from, PublishedConfig to)
    {
        var groups = new List<ChangeGroup>
        {
            new("Settings", Settings(from, to)),
            new("Categories", Categories(from, to)),
            new("Services", Services(from, to)),
            new("Texts", Texts(from, to)),
            new("Appearance", Appearance(from.Appearance, to.Appearance)),
            new("ConsentMode", ConsentMode(from.ConsentMode, to.ConsentMode)),
        };
        return [.. groups.Where(g => g.Changes.Count > 0)];
    }

    private static List<Change> Settings(PublishedConfig from, PublishedConfig to)
    {
        var changes = new List<Change>();
        Value(changes, "Diff.DefaultLanguage", [], from.DefaultLanguage, to.DefaultLanguage);
        Value(changes, "Diff.Languages", [], string.Join(", ", from.Languages), string.Join(", ", to.Languages));
        Value(changes, "Diff.AcceptValidity", [], Number(from.Consent.AcceptValidityMonths), Number(to.Consent.AcceptValidityMonths));
        Value(changes, "Diff.DeclineValidity", [], Number(from.Consent.DeclineValidityMonths), Number(to.Consent.DeclineValidityMonths));
        Value(changes, "Diff.Gpc", [], Flag(from.Consent.HonourGlobalPrivacyControl), Flag(to.Consent.HonourGlobalPrivacyControl));
        Value(changes, "Diff.CookieDomain", [], from.CookieDomain, to.CookieDomain);
        Value(changes, "Diff.AutoBlocking", [], Flag(from.Blocking is not null), Flag(to.Blocking is not null));
        Value(changes, "Diff.Census", [], Share(from.Census), Share(to.Census));
        return changes;
    }

    private static List<Change> Categories(PublishedConfig from, PublishedConfig to)
    {
        var before = from.Categories.Select(c => c.Id).ToList();
        var after = to.Categories.Select(c => c.Id).ToList();
        List<Change> changes =
        [
            .. after.Except(before).Select(id => new Change(ChangeKind.Added, "Diff.Category", [id], null, id)),
            .. before.Except(after).Select(id => new Change(ChangeKind.Removed, "Diff.Category", [id], id, null)),
        ];
        foreach (var next in to.Categories.Where(c => before.Contains(c.Id)))
        {
            var old = from.Categories.First(c => c.Id == next.Id);
            Value(changes, "Diff.CategoryRequired", [next.Id], Flag(old.Required), Flag(next.Required));
            var reasons = (old.LegalReason ?? new Dictionary<string, string>()).Keys.Union((next.LegalReason ?? new Dictionary<string, string>()).Keys);
            foreach (var language in reasons.Order(StringComparer.Ordinal))
            {
                Value(changes, "Diff.CategoryReason", [next.Id, language], old.LegalReason?.GetValueOrDefault(language), next.LegalReason?.GetValueOrDefault(language));
            }
        }

        return changes;
    }

    private static List<Change> Services(PublishedConfig from, PublishedConfig to)
    {
        var changes = new List<Change>();
        var before = from.Services.ToDictionary(s => s.Id);
        var after = to.Services.ToDictionary(s => s.Id);
        foreach (var service in to.Services.Where(s => !before.ContainsKey(s.Id)))
        {
            changes.Add(new Change(ChangeKind.Added, "Diff.Service", [service.Name], null, Describe(service)));
        }

        foreach (var service in from.Services.Where(s => !after.ContainsKey(s.Id)))
        {
            changes.Add(new Change(ChangeKind.Removed, "Diff.Service", [service.Name], Describe(service), null));
        }

        foreach (var next in to.Services.Where(s => before.ContainsKey(s.Id)))
        {
            var old = before[next.Id];
            string[] name = [next.Name];
            Value(changes, "Diff.ServiceName", name, old.Name, next.Name);
            Value(changes, "Diff.ServiceProvider", name, old.Provider, next.Provider);
            Value(changes, "Diff.ServiceProviderAddress", name, Address(old.ProviderAddress), Address(next.ProviderAddress));
            Value(changes, "Diff.ServiceCategory", name, old.Category, next.Category);
            Value(changes, "Diff.ServicePrivacyUrl", name, old.PrivacyPolicyUrl, next.PrivacyPolicyUrl);
            Value(changes, "Diff.ServiceNecessary", name, Flag(old.StrictlyNecessary), Flag(next.StrictlyNecessary));
            Value(changes, "Diff.ServiceNecessaryReason", name, old.NecessaryReason, next.NecessaryReason);
            foreach (var language in old.Purpose.Keys.Union(next.Purpose.Keys).Order(StringComparer.Ordinal))
            {
                Value(changes, "Diff.ServicePurpose", [next.Name, language], old.Purpose.GetValueOrDefault(language), next.Purpose.GetValueOrDefault(language));
            }

            var oldCookies = old.Cookies.Select((c, i) => (Key: c.Name ?? $"(unnamed {i + 1})", Cookie: c)).ToDictionary(c => c.Key, c => c.Cookie);
            var newCookies = next.Cookies.Select((c, i) => (Key: c.Name ?? $"(unnamed {i + 1})", Cookie: c)).ToDictionary(c => c.Key, c => c.Cookie);
            foreach (var name2 in oldCookies.Keys.Union(newCookies.Keys).Order(StringComparer.Ordinal))
            {
                var (c1, c2) = (oldCookies.GetValueOrDefault(name2), newCookies.GetValueOrDefault(name2));
                Value(changes, "Diff.ServiceCookie", [next.Name, name2], c1 is null ? null : Describe(c1), c2 is null ? null : Describe(c2));
                if (c1 is not null && c2 is not null)
                {
                    foreach (var language in (c1.Purpose?.Keys ?? []).Union(c2.Purpose?.Keys ?? []).Order(StringComparer.Ordinal))
                    {
                        Value(changes, "Diff.ServiceCookiePurpose", [next.Name, name2, language], c1.Purpose?.GetValueOrDefault(language), c2.Purpose?.GetValueOrDefault(language));
                    }
                }
            }
        }

        return changes;
    }

    private static List<Change> Texts(PublishedConfig from, PublishedConfig to)
    {
        var changes = new List<Change>();
        foreach (var language in from.Texts.Keys.Union(to.Texts.Keys).Order(StringComparer.Ordinal))
        {
            var old = from.Texts.GetValueOrDefault(language);
            var next = to.Texts.GetValueOrDefault(language);
            if (old is null || next is null)
            {
                changes.Add(old is null
                    ? new Change(ChangeKind.Added, "Diff.TextLanguage", [language], null, next!.Title)
                    : new Change(ChangeKind.Removed, "Diff.TextLanguage", [language], old.Title, null));
                continue;
            }

            string[] lang = [language];
            Value(changes, "Diff.Text.Title", lang, old.Title, next.Title);
            Value(changes, "Diff.Text.Body", lang, old.Body, next.Body);
            Value(changes, "Diff.Text.AcceptAll", lang, old.AcceptAll, next.AcceptAll);
            Value(changes, "Diff.Text.RejectAll", lang, old.RejectAll, next.RejectAll);
            Value(changes, "Diff.Text.Customise", lang, old.Customise, next.Customise);
            Value(changes, "Diff.Text.Save", lang, old.Save, next.Save);
            foreach (var category in old.Categories.Keys.Union(next.Categories.Keys).Order(StringComparer.Ordinal))
            {
                var a = old.Categories.GetValueOrDefault(category);
                var b = next.Categories.GetValueOrDefault(category);
                Value(changes, "Diff.Text.CategoryName", [language, category], a?.Name, b?.Name);
                Value(changes, "Diff.Text.CategoryDescription", [language, category], a?.Description, b?.Description);
            }
        }

        return changes;
    }

    private static List<Change> Appearance(Appearance from, Appearance to)
    {
        var changes = new List<Change>();
        Value(changes, "Diff.Layout", [], from.Layout.ToString(), to.Layout.ToString());
        Value(changes, "Diff.Position", [], from.Position.ToString(), to.Position.ToString());
        Value(changes, "Diff.Colours.Banner", [], Describe(from.Banner), Describe(to.Banner));
        Value(changes, "Diff.Colours.AcceptButton", [], Describe(from.AcceptButton), Describe(to.AcceptButton));
        Value(changes, "Diff.Colours.RejectButton", [], Describe(from.RejectButton), Describe(to.RejectButton));
        Value(changes, "Diff.Colours.CustomiseButton", [], Describe(from.CustomiseButton), Describe(to.CustomiseButton));
        Value(changes, "Diff.Font", [], from.FontFamily, to.FontFamily);
        Value(changes, "Diff.FloatingButton", [], Flag(from.FloatingButton), Flag(to.FloatingButton));
        return changes;
    }

    private static List<Change> ConsentMode(ConsentModeConfig from, ConsentModeConfig to)
    {
        var changes = new List<Change>();
        Value(changes, "Diff.ConsentModeEnabled", [], Flag(from.Enabled), Flag(to.Enabled));
        Value(changes, "Diff.WaitForUpdate", [], Number(from.WaitForUpdateMs), Number(to.WaitForUpdateMs));
        foreach (var signal in from.Mapping.Keys.Union(to.Mapping.Keys).Order(StringComparer.Ordinal))
        {
            Value(changes, "Diff.Signal", [signal],
                from.Mapping.TryGetValue(signal, out var a) ? string.Join(" + ", a) : null,
                to.Mapping.TryGetValue(signal, out var b) ? string.Join(" + ", b) : null);
        }

        return changes;
    }

    /// <summary>Adds a change when the values differ: added (was none), removed (is none) or changed.</summary>
    private static void Value(List<Change> changes, string label, IReadOnlyList<string> args, string? before, string? after)
    {
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return;
        }

        var kind = before is null ? ChangeKind.Added : after is null ? ChangeKind.Removed : ChangeKind.Changed;
        changes.Add(new Change(kind, label, args, before, after));
    }

    private static string? Address(PostalAddress? address) => address is null ? null : Catalogue.Countries.Format(address, "en");

    private static string Describe(ServiceConfig service) => $"{service.Name} ({service.Provider}), {service.Category}";

    private static string Describe(CookieConfig cookie) =>
        $"{cookie.Lifetime}, {cookie.Kind}" + (cookie.Domain is { Length: > 0 } domain ? $", {domain}" : "");

    private static string Describe(ColourPair colours) => $"{colours.Text} on {colours.Background}";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? On : Off;

    /// <summary>The census sampling rate as the agency set it (percent of page views), or off.</summary>
    private static string Share(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("0.####", CultureInfo.InvariantCulture) + " %" : Off;
}
