using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>The draft and what stands between it and publishing.</summary>
public sealed record DraftResponse(BannerConfig Config, IReadOnlyList<BannerProblem> Problems)
{
    public bool Publishable => Problems.Count == 0;
}

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PublishRequest
{
    /// <summary>Ask every visitor to decide again. Omitted: asked again only when the new revision adds services or
    /// purposes their earlier consent did not cover.</summary>
    public bool? RequireRenewal { get; init; }

    [StringLength(500)]
    public string? Note { get; init; }
}

public sealed record RevisionResponse(
    int Number, string ContentHash, DateTimeOffset PublishedAt, string PublishedBy,
    bool RequiresRenewal, string? RenewalReason, string? Note)
{
    public static RevisionResponse From(Revision r) =>
        new(r.Number, r.ContentHash, r.PublishedAt, r.PublishedBy, r.RequiresRenewal, r.RenewalReason, r.Note);
}

public sealed record RevisionDetailResponse(RevisionResponse Revision, PublishedConfig Config);
