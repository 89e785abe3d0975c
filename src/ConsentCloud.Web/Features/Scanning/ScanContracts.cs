using System.Text.Json.Serialization;

namespace ConsentCloud.Web.Features.Scanning;

public enum ScanStatus
{
    Queued,
    Running,
    Done,
    Failed,
}

/// <summary>Why a page was not looked at (or a scan failed); the portal words each in the agency's language.</summary>
public enum SkipReason
{
    Robots,
    RedirectElsewhere,
    TooManyRedirects,
    PrivateAddress,
    Unreachable,
    Timeout,
    NotHtml,
    HttpError,
    OutOfBytes,
    NoDomain,
    Internal,

    /// <summary>The domain answered, but names no ConsentCloud site of this site's key (see <see cref="DomainProof"/>).</summary>
    NotVerified,
}

/// <summary>A limit that ended the scan before every page it knew of was read.</summary>
public enum ScanLimit
{
    MaxPages,
    MaxBytes,
    Timeout,
}

/// <summary>
/// One scan of a site (GET …/scans/{scanId}): <see cref="Progress"/> is 0–100; <see cref="Findings"/> once done;
/// <see cref="Error"/> (with <see cref="ErrorReason"/>) when it failed.
/// </summary>
public sealed record SiteScan(
    string Id,
    string SiteKey,
    ScanStatus Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int PagesScanned,
    int Progress,
    SkipReason? ErrorReason,
    string? Error,
    ScanFindings? Findings)
{
    public bool IsActive => Status is ScanStatus.Queued or ScanStatus.Running;

    /// <summary>The scan with <see cref="FoundService.Declared"/> as the draft is now (the agency may have added services since).</summary>
    public SiteScan DeclaredIn(IEnumerable<string> draftServiceIds)
    {
        if (Findings is not { } findings)
        {
            return this;
        }

        var ids = draftServiceIds.ToHashSet(StringComparer.Ordinal);
        return this with { Findings = findings with { Services = findings.Services.Select(s => s with { Declared = ids.Contains(s.Id) }).ToList() } };
    }
}

/// <summary>
/// What a scan found. <see cref="Services"/>: catalogue services (and the site's own custom ones) whose URL patterns a
/// script, iframe or pixel matched. <see cref="UnknownHosts"/>: other hosts (not the site's domains) nothing matched,
/// for the agency to classify. <see cref="Cookies"/>: first-party cookie names the pages set (Set-Cookie; never a value).
/// </summary>
public sealed record ScanFindings(
    IReadOnlyList<FoundService> Services,
    IReadOnlyList<UnknownHost> UnknownHosts,
    IReadOnlyList<string> Cookies,
    IReadOnlyList<string> Pages,
    IReadOnlyList<SkippedPage> Skipped,
    IReadOnlyList<ScanLimit> Limits)
{
    /// <summary>How the host the scan read was verified (scans before verification have none).</summary>
    public DomainCheck? Verification { get; init; }
}

/// <param name="Seen">How the pages load it: script, iframe, pixel, preload.</param>
/// <param name="Declared">Already in the site's draft.</param>
/// <param name="Custom">One of the site's own custom services (matched by its URL patterns), not a catalogue entry.</param>
public sealed record FoundService(
    string Id,
    string Name,
    string? Provider,
    string Category,
    IReadOnlyList<string> Cookies,
    IReadOnlyList<string> Pages,
    IReadOnlyList<ResourceKind> Seen,
    bool Declared,
    bool Custom);

public sealed record UnknownHost(string Host, int Count, string SamplePage, string SampleUrl);

public sealed record SkippedPage(string Url, SkipReason Reason, string Detail);

/// <summary>POST …/scans/{scanId}/apply: the found catalogue services to add to the draft (with the draft's If-Match, as the other draft edits).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ApplyScanRequest
{
    [System.ComponentModel.DataAnnotations.MaxLength(50)]
    public IReadOnlyList<string> Services { get; init; } = [];
}
