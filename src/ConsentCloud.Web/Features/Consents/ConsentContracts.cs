using System.Text.Json.Serialization;

namespace ConsentCloud.Web.Features.Consents;

/// <summary>What the banner sends for one decision (JSON, as application/json or text/plain for sendBeacon).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ConsentRequest
{
    public Guid ConsentId { get; init; }
    public Guid EventId { get; init; }
    public int Revision { get; init; }
    public Dictionary<string, bool>? Choices { get; init; }
    public ConsentMethod? Method { get; init; }
    public string? Language { get; init; }
    public string? PageUrl { get; init; }
    public bool Gpc { get; init; }

    /// <summary>Services chosen apart from their category (service id → granted); absent = every service follows its category.</summary>
    public Dictionary<string, bool>? Services { get; init; }

    /// <summary>When the visitor decided, by the browser's clock (within a day of ours); absent = when we receive it.</summary>
    public DateTimeOffset? DecidedAt { get; init; }
}

public sealed record ConsentReceipt(Guid ConsentId, Guid EventId, int Revision, DateTimeOffset ReceivedAt, DateTimeOffset ExpiresAt);

public sealed record ConsentDecision(
    Guid EventId, DateTimeOffset ReceivedAt, int Revision, string ContentHash, ConsentMethod Method,
    IReadOnlyDictionary<string, bool> Choices, string Language, string PageUrl, bool Gpc, DateTimeOffset ExpiresAt,
    ConsentState State, string IpPrefix, string UserAgent, DateTimeOffset DecidedAt, IReadOnlyDictionary<string, bool> Services);

/// <summary>A visitor's own record (GDPR Art. 15): every decision under their consent id, and which one holds now.</summary>
public sealed record ConsentHistory(Guid ConsentId, bool Held, ConsentDecision? Current, IReadOnlyList<ConsentDecision> Decisions)
{
    public static ConsentHistory From(Guid consentId, IReadOnlyList<ConsentRecord> records, DateTimeOffset now)
    {
        var withdrawnAt = records.LastOrDefault(r => r.Method == ConsentMethod.Withdraw)?.ReceivedAt;
        var decisions = records.Select(r => new ConsentDecision(
            r.EventId, r.ReceivedAt, r.Revision, r.ContentHash, r.Method, r.Choices, r.Language, r.PageUrl, r.Gpc, r.ExpiresAt,
            r.Method == ConsentMethod.Withdraw || r.ReceivedAt <= withdrawnAt ? ConsentState.Withdrawn
                : now >= r.ExpiresAt ? ConsentState.Expired : ConsentState.Active,
            r.IpPrefix, r.UserAgent, r.DecidedAt, r.Services)).ToList();
        return new ConsentHistory(consentId, decisions.Count > 0, decisions.LastOrDefault(), decisions);
    }
}

public sealed record ErasureReceipt(Guid ConsentId, int Erased);
