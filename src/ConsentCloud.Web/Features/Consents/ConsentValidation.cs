using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Sites;

namespace ConsentCloud.Web.Features.Consents;

/// <summary>Turns a request into a proof record, or says what is wrong with it.</summary>
internal static class ConsentValidation
{
    public const int MaxPageUrl = 1024;
    public const int MaxUserAgent = 256;

    /// <summary>How far the banner's clock may be from ours: a decision time further off is refused, not stored.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromDays(1);

    public static Dictionary<string, string[]> Check(ConsentRequest request, Site site, RevisionFact? revision, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];

        if (request.ConsentId == Guid.Empty)
        {
            Add("consentId", "A consent id (a UUID the banner keeps) is required.");
        }

        if (request.EventId == Guid.Empty)
        {
            Add("eventId", "An event id (a UUID per decision) is required.");
        }

        if (request.Method is null)
        {
            Add("method", "The method is required: acceptAll, rejectAll, custom, gpc or withdraw.");
        }

        if (request.PageUrl is null || !Uri.TryCreate(request.PageUrl, UriKind.Absolute, out var page) || page.Scheme is not ("http" or "https") || request.PageUrl.Length > 4 * MaxPageUrl)
        {
            Add("pageUrl", "The page URL must be an absolute http(s) URL.");
        }

        if (request.DecidedAt is { } decided && (decided - now).Duration() > MaxClockSkew)
        {
            Add("decidedAt", "The decision time is more than a day away from the server's clock.");
        }

        if (revision is null)
        {
            Add("revision", "No such published revision for this site.");
            return errors;
        }

        if (request.Language is null || !revision.Languages.Contains(request.Language))
        {
            Add("language", $"The language must be one of the revision's: {string.Join(", ", revision.Languages)}.");
        }

        var choices = request.Choices ?? [];
        if (choices.Count == 0 || choices.Count > revision.Categories.Count)
        {
            Add("choices", "Give a choice for the revision's categories.");
        }

        foreach (var unknown in choices.Keys.Where(c => !revision.Categories.Contains(c)))
        {
            Add($"choices.{(unknown.Length > 40 ? unknown[..40] : unknown)}", "The revision has no such category.");
        }

        var services = request.Services ?? [];
        if (services.Count > revision.Services.Count)
        {
            Add("services", "Give at most one choice per service of the revision.");
        }
        else
        {
            foreach (var id in services.Keys.Where(s => !revision.Services.TryGetValue(s, out var category) || revision.Required.Contains(category)))
            {
                Add($"services.{(id.Length > 40 ? id[..40] : id)}", "The revision has no such service outside the always-on categories.");
            }
        }

        var optional = revision.Categories.Except(revision.Required).ToList();
        var mismatch = request.Method switch
        {
            ConsentMethod.AcceptAll when optional.Any(c => !choices.GetValueOrDefault(c)) || services.ContainsValue(false) => "accept all grants every category and service.",
            ConsentMethod.RejectAll or ConsentMethod.Withdraw when optional.Any(c => choices.GetValueOrDefault(c)) || services.ContainsValue(true) => $"{request.Method} denies every optional category and service.",
            ConsentMethod.Gpc when !request.Gpc => "gpc is recorded only when Global Privacy Control is on.",
            ConsentMethod.Gpc when !site.Consent.HonourGlobalPrivacyControl => "This site does not honour Global Privacy Control.",
            ConsentMethod.Gpc when choices.GetValueOrDefault("marketing") || services.Any(s => s.Value && revision.Services.GetValueOrDefault(s.Key) == "marketing")
                => "Under Global Privacy Control marketing stays denied.",
            _ => null,
        };
        if (mismatch is not null)
        {
            Add("method", "The choices do not match the method: " + mismatch);
        }

        return errors;
    }

    /// <summary>Every category of the revision, the required ones ("necessary", exempt ones) always granted, the rest as chosen (absent = denied).</summary>
    public static Dictionary<string, bool> RecordedChoices(ConsentRequest request, RevisionFact revision) =>
        revision.Categories.ToDictionary(c => c, c => revision.Required.Contains(c) || (request.Choices?.GetValueOrDefault(c) ?? false));

    /// <summary>
    /// Every service of the revision: its own choice when the visitor made one, else its category's (a service in
    /// "necessary" is always granted). Answered only for a request that passed <see cref="Check"/>.
    /// </summary>
    public static Dictionary<string, bool> RecordedServices(ConsentRequest request, RevisionFact revision, IReadOnlyDictionary<string, bool> choices) =>
        revision.Services.ToDictionary(
            s => s.Key,
            s => revision.Required.Contains(s.Value) || (request.Services is { } own && own.TryGetValue(s.Key, out var chosen) ? chosen : choices.GetValueOrDefault(s.Value)),
            StringComparer.Ordinal);

    /// <summary>Scheme, host and path only: a query string or fragment can carry personal data the proof does not need.</summary>
    public static string MinimisePageUrl(string pageUrl)
    {
        var uri = new Uri(pageUrl);
        var text = uri.GetLeftPart(UriPartial.Path);
        return text.Length <= MaxPageUrl ? text : text[..MaxPageUrl];
    }

    public static string MinimiseUserAgent(string userAgent)
    {
        var clean = new string(userAgent.Where(c => !char.IsControl(c)).ToArray());
        return clean.Length <= MaxUserAgent ? clean : clean[..MaxUserAgent];
    }
}
