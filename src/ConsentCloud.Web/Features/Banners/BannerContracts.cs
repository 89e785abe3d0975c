using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>The draft and what stands between it and publishing.</summary>
public sealed record DraftResponse(BannerConfig Config, IReadOnlyList<BannerProblem> Problems)
{
    public bool Publishable => Problems.Count == 0;
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PublishRequest : IValidatableObject
{
    /// <summary>Ask every visitor to decide again. Omitted: asked again when the new revision changes something
    /// material (<see cref="MaterialChanges"/>). False: the same as <see cref="Editorial"/>.</summary>
    public bool? RequireRenewal { get; init; }

    /// <summary>The material-looking changes are editorial (a typo fix, a reworded purpose that means the same):
    /// visitors are not asked again, and the revision records it. Refused when the revision adds or moves a service
    /// or a category.</summary>
    public bool? Editorial { get; init; }

    [StringLength(500)]
    public string? Note { get; init; }

    /// <summary>Whether the publisher says visitors need not be asked again.</summary>
    [JsonIgnore]
    public bool WaivesRenewal => Editorial == true || RequireRenewal == false;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Editorial == true && RequireRenewal == true)
        {
            yield return new ValidationResult("A publish cannot both be editorial and ask visitors again; send one of editorial and requireRenewal.", [nameof(Editorial)]);
        }
    }
}

public sealed record RevisionResponse(
    int Number, string ContentHash, DateTimeOffset PublishedAt, string PublishedBy,
    bool RequiresRenewal, string? RenewalReason, string? Note, bool Editorial, IReadOnlyList<MaterialChange> MaterialChanges)
{
    public static RevisionResponse From(Revision r) =>
        new(r.Number, r.ContentHash, r.PublishedAt, r.PublishedBy, r.RequiresRenewal, r.RenewalReason, r.Note, r.Editorial, r.MaterialChanges);
}

public sealed record RevisionDetailResponse(RevisionResponse Revision, PublishedConfig Config);

/// <summary>
/// A policy after a banner publish: whether this publish put it live at <paramref name="Url"/>, and if not, the
/// required sections still unwritten (by section id) and the problems in words. An unpublished privacy policy that
/// was never published answers 404 at its URL; one published before keeps showing that earlier version.
/// </summary>
public sealed record PolicyPublishStatus(
    Policies.PolicyKind Kind, bool Published, int? Version, string Url, IReadOnlyList<string> MissingSections, IReadOnlyList<Policies.PolicyProblem> Problems);

/// <summary>The answer to a publish: the new revision, and what happened to the site's hosted policies.</summary>
public sealed record PublishResponse(
    int Number, string ContentHash, DateTimeOffset PublishedAt, string PublishedBy,
    bool RequiresRenewal, string? RenewalReason, string? Note, bool Editorial, IReadOnlyList<MaterialChange> MaterialChanges,
    IReadOnlyList<PolicyPublishStatus> Policies)
{
    public static PublishResponse From(Revision r, IReadOnlyList<PolicyPublishStatus> policies) =>
        new(r.Number, r.ContentHash, r.PublishedAt, r.PublishedBy, r.RequiresRenewal, r.RenewalReason, r.Note, r.Editorial, r.MaterialChanges, policies);
}
