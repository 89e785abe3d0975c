using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Jobs;
using static ConsentCloud.Tests.Consents.ConsentClient;
using static ConsentCloud.Tests.Jobs.JobTestKit;

namespace ConsentCloud.Tests.Jobs;

/// <summary>Each test class gets its own app and clock: these tests move time by months.</summary>
public sealed class ExpireConsentsTests(TestApp app) : IClassFixture<TestApp>
{
    [Fact]
    public async Task DecisionsStayActiveUntilTheirValidityEndsAndAreMarkedExpiredAfter()
    {
        var (_, siteKey) = await PublishedSiteAsync(app);
        var start = app.Clock.GetUtcNow();
        var accepted = await DecideAsync(app, siteKey, accept: true);
        var declined = await DecideAsync(app, siteKey, accept: false);

        app.Clock.SetUtcNow(start.AddMonths(6).AddDays(-1));
        await RunAsync(app, "ExpireConsents");
        Assert.Equal([""], await StatesAsync(app, siteKey, declined));

        app.Clock.SetUtcNow(start.AddMonths(6).AddDays(1));
        var run = await RunAsync(app, "ExpireConsents");
        Assert.Equal(JobOutcome.Succeeded, run.Run.Outcome);
        Assert.Equal(["Expired"], await StatesAsync(app, siteKey, declined));
        Assert.Equal([""], await StatesAsync(app, siteKey, accepted));

        app.Clock.SetUtcNow(start.AddMonths(12).AddDays(-1));
        await RunAsync(app, "ExpireConsents");
        Assert.Equal([""], await StatesAsync(app, siteKey, accepted));

        app.Clock.SetUtcNow(start.AddMonths(12).AddDays(1));
        await RunAsync(app, "ExpireConsents");
        Assert.Equal(["Expired"], await StatesAsync(app, siteKey, accepted));

        var again = await RunAsync(app, "ExpireConsents");
        Assert.Equal(0, again.Run.Changed);
    }

    [Fact]
    public async Task DecisionsKeepTheValidityTheyWereMadeWithWhenTheSiteChangesIt()
    {
        var (agency, siteKey) = await PublishedSiteAsync(app);
        var start = app.Clock.GetUtcNow();
        var declined = await DecideAsync(app, siteKey, accept: false); // 6 months
        await RunAsync(app, "ExpireConsents");

        await SetConsentSettingsAsync(agency, siteKey, new { acceptValidityMonths = 12, declineValidityMonths = 9 });
        app.Clock.SetUtcNow(start.AddMonths(6).AddDays(1));
        await RunAsync(app, "ExpireConsents");

        Assert.Equal(["Expired"], await StatesAsync(app, siteKey, declined));
    }
}
