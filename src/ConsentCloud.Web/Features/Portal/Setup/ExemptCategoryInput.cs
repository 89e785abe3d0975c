using System.Text.RegularExpressions;
using ConsentCloud.Web.Features.Banners;

namespace ConsentCloud.Web.Features.Portal.Setup;

/// <summary>
/// The services step's form for a category that needs no consent (e.g. "security"): its id, and per site language
/// its name and description for the banner and the legal reason shown in the cookie policy and the declaration.
/// </summary>
public sealed partial class ExemptCategoryInput
{
    public string? Id { get; set; } = "security";
    public Dictionary<string, string?> Name { get; set; } = [];
    public Dictionary<string, string?> Description { get; set; } = [];
    public Dictionary<string, string?> Reason { get; set; } = [];

    /// <summary>Errors by form field ("Exempt.Reason[da]"); empty when the category can be saved.</summary>
    public Dictionary<string, string[]> Check(IReadOnlyList<string> languages)
    {
        var errors = new Dictionary<string, string[]>();
        var id = CompanyInput.Clean(Id) ?? "";
        if (id.Length > 32 || !IdPattern().IsMatch(id))
        {
            errors["Exempt.Id"] = ["A category id is 2–32 lower-case letters, digits, '-' or '_', starting with a letter."];
        }
        else if (BannerRules.ConsentRequiring.Contains(id))
        {
            errors["Exempt.Id"] = [BannerRules.ExemptRefusal(id)];
        }

        foreach (var language in languages)
        {
            Required(errors, $"Exempt.Name[{language}]", Name.GetValueOrDefault(language), 60, $"Give the category's name in {BannerRules.LanguageName(language)}.");
            Required(errors, $"Exempt.Description[{language}]", Description.GetValueOrDefault(language), 600, $"Say what these cookies do, in {BannerRules.LanguageName(language)}.");
            Required(errors, $"Exempt.Reason[{language}]", Reason.GetValueOrDefault(language), CategoryConfig.MaxLegalReasonLength, $"Say why these cookies need no consent (e.g. the rule that allows them), in {BannerRules.LanguageName(language)}.");
        }

        return errors;
    }

    /// <summary>The draft with this category added (or, for an id it has, made exempt with these texts).</summary>
    public BannerConfig ApplyTo(BannerConfig draft, IReadOnlyList<string> languages)
    {
        var id = CompanyInput.Clean(Id)!;
        var reason = languages.ToDictionary(l => l, l => Reason[l]!.Trim());
        var categories = draft.Categories.Any(c => c.Id == id)
            ? draft.Categories.Select(c => c.Id == id ? c with { Exempt = true, LegalReason = reason } : c).ToList()
            : [.. draft.Categories, new CategoryConfig { Id = id, Exempt = true, LegalReason = reason }];
        var texts = draft.Texts.ToDictionary(t => t.Key, t => languages.Contains(t.Key)
            ? t.Value with { Categories = new Dictionary<string, CategoryTexts>(t.Value.Categories) { [id] = new() { Name = Name[t.Key]!.Trim(), Description = Description[t.Key]!.Trim() } } }
            : t.Value);
        return draft with { Categories = categories, Texts = texts };
    }

    /// <summary>The form for a category of the draft, or a new one.</summary>
    public static ExemptCategoryInput From(BannerConfig draft, string id) => new()
    {
        Id = id,
        Name = draft.Texts.ToDictionary(t => t.Key, t => t.Value.Categories.GetValueOrDefault(id)?.Name),
        Description = draft.Texts.ToDictionary(t => t.Key, t => t.Value.Categories.GetValueOrDefault(id)?.Description),
        Reason = draft.Categories.FirstOrDefault(c => c.Id == id)?.LegalReason?.ToDictionary(r => r.Key, r => (string?)r.Value) ?? [],
    };

    private static void Required(Dictionary<string, string[]> errors, string field, string? value, int max, string missing)
    {
        if (CompanyInput.Clean(value) is not { } text)
        {
            errors[field] = [missing];
        }
        else if (text.Length > max)
        {
            errors[field] = [$"At most {max} characters."];
        }
    }

    [GeneratedRegex(CategoryConfig.IdPattern)]
    private static partial Regex IdPattern();
}
