using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>The kinds of change that make earlier consent uninformed (see <see cref="MaterialChanges"/>).</summary>
public enum MaterialChangeKind
{
    /// <summary>A service outside "necessary" that the previous revision did not have.</summary>
    ServiceAdded,

    /// <summary>A service moved to another category (outside "necessary").</summary>
    ServiceMoved,

    /// <summary>A category (purpose) the previous revision did not have.</summary>
    CategoryAdded,

    /// <summary>A service's provider (who receives the data) changed.</summary>
    ProviderChanged,

    /// <summary>A service's privacy policy URL changed, was added or was removed.</summary>
    PrivacyPolicyUrlChanged,

    /// <summary>A service's purpose text changed in one of the site's languages.</summary>
    PurposeChanged,

    /// <summary>A service sets a cookie (or storage item) it did not declare before.</summary>
    CookieAdded,

    /// <summary>A category's description (what the visitor agrees to) changed in one of the site's languages.</summary>
    CategoryDescriptionChanged,
}

/// <summary>One change that would ask visitors again: its kind, the service or category id, and a sentence.</summary>
public sealed record MaterialChange(MaterialChangeKind Kind, string Subject, string Description)
{
    /// <summary>Adding or moving a service or a category asks for consent to something new: never editorial.</summary>
    [JsonIgnore]
    public bool AddsPurposeOrRecipient => Kind is MaterialChangeKind.ServiceAdded or MaterialChangeKind.ServiceMoved or MaterialChangeKind.CategoryAdded;
}

/// <summary>
/// What changed between two published revisions that a visitor's earlier consent did not cover (the EDPB's
/// "informed" test): who gets the data, why, under which privacy policy, and which cookies. Only what the visitor
/// can grant or refuse counts: services in always-on categories ("necessary", exempt ones) are left out, and a removed service or category is not material
/// (earlier consent covered more). Banner wording, colours, layout, category names, cookie lifetimes and the consent
/// validity are not material either. The publisher may mark material changes as editorial (a typo fix, a provider's
/// renamed company), except changes that add or move a service or category.
/// </summary>
public static class MaterialChanges
{
    /// <summary>At most this many changes are kept on a revision (the sentence says how many more there were).</summary>
    public const int MaxRecorded = 30;

    public static IReadOnlyList<MaterialChange> Between(PublishedConfig? previous, PublishedConfig next)
    {
        if (previous is null)
        {
            return [];
        }

        var changes = new List<MaterialChange>();
        var before = previous.Services.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        var alwaysOn = next.AlwaysOn().ToHashSet(StringComparer.Ordinal);
        var wasAlwaysOn = previous.AlwaysOn().ToHashSet(StringComparer.Ordinal);
        foreach (var service in next.Services.Where(s => !alwaysOn.Contains(s.Category)))
        {
            if (!before.TryGetValue(service.Id, out var old))
            {
                changes.Add(new(MaterialChangeKind.ServiceAdded, service.Id, $"New service: {service.Name} ({service.Category})."));
                continue;
            }

            if (old.Category != service.Category || wasAlwaysOn.Contains(old.Category))
            {
                changes.Add(new(MaterialChangeKind.ServiceMoved, service.Id, old.Category == service.Category
                    ? $"{service.Name} now needs consent ({service.Category})."
                    : $"{service.Name} moved from {old.Category} to {service.Category}."));
                continue;
            }

            if (!string.Equals(old.Provider.Trim(), service.Provider.Trim(), StringComparison.Ordinal))
            {
                changes.Add(new(MaterialChangeKind.ProviderChanged, service.Id, $"{service.Name}: the provider changed from {old.Provider} to {service.Provider}."));
            }

            if (!string.Equals(old.PrivacyPolicyUrl?.Trim(), service.PrivacyPolicyUrl?.Trim(), StringComparison.Ordinal))
            {
                changes.Add(new(MaterialChangeKind.PrivacyPolicyUrlChanged, service.Id, $"{service.Name}: the privacy policy URL changed."));
            }

            var purposes = next.Languages.Where(l => !string.Equals(Text(old.Purpose, l), Text(service.Purpose, l), StringComparison.Ordinal)
                && Text(old.Purpose, l) is not null).ToList();
            if (purposes.Count > 0)
            {
                changes.Add(new(MaterialChangeKind.PurposeChanged, service.Id, $"{service.Name}: the purpose changed ({string.Join(", ", purposes)})."));
            }

            var cookies = old.Cookies.Select(CookieKey).ToHashSet(StringComparer.Ordinal);
            var added = service.Cookies.Where(c => !cookies.Contains(CookieKey(c))).Select(c => c.Name ?? "(unnamed)").Distinct().ToList();
            if (added.Count > 0)
            {
                changes.Add(new(MaterialChangeKind.CookieAdded, service.Id, $"{service.Name}: new cookies {string.Join(", ", added)}."));
            }
        }

        // A category that was always on and now needs consent is new to the visitor's choice, like an added one.
        var categories = previous.Categories.Select(c => c.Id).Where(c => !wasAlwaysOn.Contains(c)).ToHashSet(StringComparer.Ordinal);
        foreach (var category in next.Categories.Where(c => !alwaysOn.Contains(c.Id)))
        {
            if (!categories.Contains(category.Id))
            {
                changes.Add(new(MaterialChangeKind.CategoryAdded, category.Id, $"New category: {category.Id}."));
                continue;
            }

            var described = next.Languages.Where(l =>
                previous.Texts.GetValueOrDefault(l)?.Categories.GetValueOrDefault(category.Id)?.Description is { } was &&
                !string.Equals(was.Trim(), next.Texts.GetValueOrDefault(l)?.Categories.GetValueOrDefault(category.Id)?.Description?.Trim(), StringComparison.Ordinal)).ToList();
            if (described.Count > 0)
            {
                changes.Add(new(MaterialChangeKind.CategoryDescriptionChanged, category.Id, $"The description of {category.Id} changed ({string.Join(", ", described)})."));
            }
        }

        return changes;
    }

    /// <summary>The revision's renewal reason: the changes in one text (bounded; the list itself is on the revision).</summary>
    public static string Reason(IReadOnlyList<MaterialChange> changes) =>
        changes.Count <= 5
            ? string.Join(" ", changes.Select(c => c.Description))
            : string.Join(" ", changes.Take(5).Select(c => c.Description)) + $" And {changes.Count - 5} more changes.";

    public static string ToJson(IReadOnlyList<MaterialChange> changes) =>
        JsonSerializer.Serialize(changes.Take(MaxRecorded).ToList(), PublishedConfig.Json);

    public static IReadOnlyList<MaterialChange> FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<MaterialChange>>(json, PublishedConfig.Json) ?? [];

    private static string? Text(IReadOnlyDictionary<string, string> texts, string language) =>
        texts.TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    private static string CookieKey(CookieConfig cookie) => $"{cookie.Name}\n{cookie.Domain?.Trim().ToLowerInvariant()}";
}
