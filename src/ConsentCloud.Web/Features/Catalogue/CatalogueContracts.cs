using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using ConsentCloud.Web.Features.Banners;

namespace ConsentCloud.Web.Features.Catalogue;

/// <summary>One line of the catalogue list: enough to pick from; GET /api/v1/catalogue/{id} has the whole entry.</summary>
public sealed record CatalogueSummary(
    string Id,
    string Name,
    string Provider,
    string Category,
    IReadOnlyDictionary<string, string> Purpose,
    bool TransfersOutsideEea,
    int Cookies,
    bool Embed)
{
    public static CatalogueSummary From(CatalogueService s) => new(
        s.Id, s.Name, s.Provider?.LegalName ?? "Self-hosted", s.Category, s.Purpose, s.TransfersOutsideEea, s.Cookies.Count, s.Embed is not null);
}

/// <summary>Services to add to a site's draft: catalogue ids, and services of the agency's own description.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AddServicesRequest
{
    [MaxLength(50)]
    public IReadOnlyList<string> Catalogue { get; init; } = [];

    [MaxLength(20)]
    public IReadOnlyList<CatalogueService> Custom { get; init; } = [];
}

/// <summary>The saved draft, what stands between it and publishing, and what the request changed.</summary>
public sealed record AddServicesResponse(
    BannerConfig Config,
    IReadOnlyList<BannerProblem> Problems,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> AlreadyPresent,
    IReadOnlyList<string> Changes)
{
    public bool Publishable => Problems.Count == 0;
}
