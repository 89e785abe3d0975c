using System.ComponentModel.DataAnnotations;
using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Policies;
using ConsentCloud.Web.Features.Sites;
using ConsentCloud.Web.Hosting;

namespace ConsentCloud.Web.Features.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed a demo agency and a published demo site on start (local runs only; idempotent).</summary>
    public bool Seed { get; set; }

    /// <summary>The secret of the demo agency's API key, chosen by the run script so it can print the key.</summary>
    [StringLength(64)]
    public string? ApiKeySecret { get; set; }
}

/// <summary>
/// Local runs: a demo agency ("Nordlys Digital") with one Danish client site ("Bageriet Hansen"), its banner and its
/// privacy and cookie policies published, so a newcomer sees ConsentCloud serve a banner and hosted policies at once.
/// Fixed ids make it idempotent across restarts; each part is seeded when it is missing (so older local data gains it).
/// </summary>
internal sealed partial class DemoSeed(
    IHostEnvironment environment, Microsoft.Extensions.Options.IOptions<DemoOptions> options, AppStorage storage,
    AgencyStore agencies, SiteStore sites, DraftStore drafts, PublishService publisher, PolicyDraftStore policyDrafts, PolicyPublisher policies,
    TimeProvider clock, ILogger<DemoSeed> logger) : IHostedService
{
    public static readonly AgencyId Agency = new("demoagencynordlysdigital22");
    public static readonly SiteKey Site = new("demositebageriethansen2222");
    public const string ApiKeyId = "demokey222222222";
    public const string OwnerKey = "00000000-0000-0000-0000-00000000d3a0.00000000-0000-0000-0000-0000000000a1";
    public const string ClientViewerKey = "00000000-0000-0000-0000-00000000d3a0.00000000-0000-0000-0000-0000000000c1";
    public const string NewcomerKey = "00000000-0000-0000-0000-00000000d3a0.00000000-0000-0000-0000-0000000000e1";

    /// <summary>The people the development sign-in offers (Auth:DevSignIn, Development only).</summary>
    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new(OwnerKey, "Demo Owner", "owner@nordlys.example", "Owner of Nordlys Digital"),
        new(ClientViewerKey, "Demo Client", "client@bageriet.example", "Client viewer of Bageriet Hansen"),
        new(NewcomerKey, "Demo Newcomer", "newcomer@example.com", "Signed in, not in any agency yet"),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Seed)
        {
            return;
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException("Demo:Seed is for local development only; it cannot be enabled outside the Development environment.");
        }

        await storage.CreateAllAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (await agencies.GetAsync(Agency, cancellationToken) is null)
        {
            await agencies.CreateAsync(new Agency(Agency, "Nordlys Digital", "DK", now, "demo"),
                new Member(OwnerKey, AgencyRole.Owner, "Demo Owner", "owner@nordlys.example", now), cancellationToken);
        }

        if (await agencies.GetMemberAsync(Agency, OwnerKey, cancellationToken) is null)
        {
            await agencies.SaveMemberAsync(Agency, new Member(OwnerKey, AgencyRole.Owner, "Demo Owner", "owner@nordlys.example", now), cancellationToken);
        }

        if (options.Value.ApiKeySecret is { Length: > 0 } secret)
        {
            await agencies.SaveApiKeyAsync(Agency, new ApiKey(ApiKeyId, "Local demo", ApiKeyAuthentication.Hash(secret), now, "demo", null), cancellationToken);
        }

        if (await sites.GetAsync(Agency, Site, cancellationToken) is null)
        {
            var site = DemoContent.Site(Agency, Site, now);
            await sites.CreateAsync(site, cancellationToken);
            await drafts.SaveAsync(Agency, Site, DemoContent.Banner(site), null, cancellationToken);
            var outcome = await publisher.PublishAsync(site, "demo", new PublishRequest { Note = "Demo seed" }, cancellationToken);
            Seeded(logger, outcome.GetType().Name);
        }
        else if (await sites.GetAsync(Agency, Site, cancellationToken) is { Site.IsDemo: false } older)
        {
            // Seeded before demo sites were marked: mark it, so it stops counting toward the trial's sites.
            await sites.UpdateAsync(older.Site with { IsDemo = true }, older.ETag, cancellationToken);
        }

        if (await policyDrafts.GetAsync(Agency, Site, cancellationToken) is null && await sites.GetAsync(Agency, Site, cancellationToken) is { Site: var published })
        {
            await policyDrafts.SaveAsync(Agency, Site, DemoPolicy.Draft, null, cancellationToken);
            var outcome = await policies.PublishAsync(published, "demo", [PolicyKind.Privacy, PolicyKind.Cookies], cancellationToken);
            if (outcome is not PolicyOutcome.Published { Skipped.Count: 0 })
            {
                throw new InvalidOperationException($"The demo site's policies could not be published: {outcome}");
            }

            Seeded(logger, "policies published");
        }

        if (await agencies.GetMemberAsync(Agency, ClientViewerKey, cancellationToken) is null)
        {
            await agencies.SaveMemberAsync(Agency, new Member(ClientViewerKey, AgencyRole.ClientViewer, "Demo Client", "client@bageriet.example", now)
            {
                Sites = [Site.Value],
            }, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(1, LogLevel.Information, "Demo site seeded: {Outcome}")]
    private static partial void Seeded(ILogger logger, string outcome);
}

/// <summary>A seeded person: "{tid}.{oid}", how they are shown, and what they are in the demo agency.</summary>
public sealed record DemoUser(string UserKey, string Name, string Email, string Description)
{
    public EntraUser ToEntraUser() => new(Guid.Parse(UserKey[..36]), Guid.Parse(UserKey[37..]), Name, Email);
}

public static class DemoSeedExtensions
{
    public static WebApplicationBuilder AddDemoSeed(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<DemoSeed>();
        return builder;
    }
}
