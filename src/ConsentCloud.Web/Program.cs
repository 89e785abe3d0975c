using ConsentCloud.Web.Api;
using ConsentCloud.Web.Features.Access;
using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Billing;
using ConsentCloud.Web.Features.Catalogue;
using ConsentCloud.Web.Features.Census;
using ConsentCloud.Web.Features.Consents;
using ConsentCloud.Web.Features.Demo;
using ConsentCloud.Web.Features.Jobs;
using ConsentCloud.Web.Features.Policies;
using ConsentCloud.Web.Features.Portal;
using ConsentCloud.Web.Features.Reports;
using ConsentCloud.Web.Features.Retention;
using ConsentCloud.Web.Features.Scanning;
using ConsentCloud.Web.Features.Sites;
using ConsentCloud.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.UseCustomHandlerPort();
builder.Services.AddSingleton(TimeProvider.System);
builder.AddAppStorage();
builder.AddSharedDataProtection();
builder.AddTelemetry();
builder.AddApiDefaults();
builder.AddManagementOpenApi();
builder.AddAccess();
builder.AddSites();
builder.AddBanners();
builder.AddCatalogue();
builder.AddConsents();
builder.AddPolicies();
builder.AddJobs();
builder.AddRetention();
builder.AddReports();
builder.AddDemoSeed();
builder.AddPortal();
builder.AddBilling();
builder.AddCensus();
builder.AddScanning();

var app = builder.Build();
if (app.HasInvalidSettings())
{
    return StartupFailure.InvalidSettingsExitCode;
}

app.UseApiDefaults();
app.UsePortal();
app.UseAccess();
app.UseRateLimiter();

app.MapReadiness();
app.MapPublicConfigEndpoints();
app.MapConsentEndpoints();
app.MapAgencyEndpoints();
app.MapSiteEndpoints();
app.MapBannerEndpoints();
app.MapCatalogueEndpoints();
app.MapPolicyEndpoints();
app.MapPolicyPages();
app.MapReportEndpoints();
app.MapManagementOpenApi();
app.MapDemoPage();
app.MapJobEndpoints();
app.MapPortal();
app.MapBillingEndpoints();
app.MapCensusEndpoints();
app.MapScanEndpoints();

if (JobCommandLine.IsJobCommand(args))
{
    return await JobCommandLine.RunAsync(app, args);
}

app.Run();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
