using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Consents;

public enum ConsentMethod
{
    AcceptAll,
    RejectAll,
    Custom,
    Gpc,
    Withdraw,
}

public enum ConsentState
{
    Active,
    Expired,
    Withdrawn,
}

/// <summary>
/// The proof of one decision (GDPR Art. 7(1)): what the visitor was shown (revision and its content hash), what they
/// chose, how, when, on which page, and until when it holds. Personal data is minimised: the IP address is truncated
/// (IPv4 /24, IPv6 /48), the page URL keeps no query or fragment, the user agent is cut to 256 characters.
/// <see cref="DecidedAt"/> is the visitor's own time of the decision (the banner's clock, checked to be within a day
/// of ours), stored beside <see cref="ReceivedAt"/>; the validity counts from it.
/// </summary>
public sealed record ConsentRecord(
    SiteKey Site,
    Guid ConsentId,
    Guid EventId,
    int Revision,
    string ContentHash,
    IReadOnlyDictionary<string, bool> Choices,
    ConsentMethod Method,
    string Language,
    string PageUrl,
    bool Gpc,
    DateTimeOffset ReceivedAt,
    DateTimeOffset ExpiresAt,
    string IpPrefix,
    string UserAgent)
{
    private readonly DateTimeOffset? decidedAt;

    /// <summary>When the visitor decided; the receive time for records stored before the banner sent it.</summary>
    public DateTimeOffset DecidedAt { get => decidedAt ?? ReceivedAt; init => decidedAt = value; }

    /// <summary>Every service of the revision, granted or not (individually, or with its category); empty for older records.</summary>
    public IReadOnlyDictionary<string, bool> Services { get; init; } = new Dictionary<string, bool>();

    /// <summary>
    /// An acceptance of anything beyond the always-on categories ("necessary", and any exempt from consent) holds for
    /// the accept validity, anything else for the decline validity.
    /// </summary>
    public static bool GrantsAnything(IReadOnlyDictionary<string, bool> choices, IReadOnlyCollection<string> required) =>
        choices.Any(c => c.Value && !required.Contains(c.Key));
}
