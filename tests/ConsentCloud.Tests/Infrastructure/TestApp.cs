using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ConsentCloud.Tests.Infrastructure;

/// <summary>
/// The app under test, in process, on the test run's Azurite with tables and containers of its own (a unique prefix
/// per test class), trusting a fake Entra ID on loopback, with a clock the test controls. Helpers create people,
/// agencies, keys and sites through the public HTTP API, as a user would.
/// </summary>
public class TestApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string Prefix { get; } = Azurite.UniquePrefix();
    /// <summary>The app's clock, from 2026-11-02 09:30 UTC; timers on it (Task.Delay) fire as the test moves it forward.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero));
    public FakeEntra Entra { get; private set; } = null!;

    /// <summary>The app's own fake Stripe on loopback, when <see cref="UsesFakeStripe"/>; the app's Stripe API base points at it.</summary>
    public FakeStripe Stripe { get; private set; } = null!;

    /// <summary>Whether this app talks to a fake Stripe of its own (started before the app, stopped after it).</summary>
    protected virtual bool UsesFakeStripe => false;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public virtual async Task InitializeAsync()
    {
        Entra = await FakeEntra.StartAsync();
        if (UsesFakeStripe)
        {
            Stripe = await FakeStripe.StartAsync();
        }

        StartApp();
    }

    /// <summary>Starts the app now, so tables exist before the first test (in memory; <see cref="LiveApp"/> on a port).</summary>
    protected virtual void StartApp() => _ = Server;

    public virtual async Task DisposeAppAsync()
    {
        await base.DisposeAsync();
        await Entra.DisposeAsync();
        if (UsesFakeStripe)
        {
            await Stripe.DisposeAsync();
        }
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAppAsync();

    /// <summary>Settings a test class may add to (e.g. to point storage somewhere else).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Read as the app starts (no telemetry services unless it is set): off, even where the machine sets it; Hosting/TelemetryTests turn it on.
        builder.UseSetting("APPLICATIONINSIGHTS_CONNECTION_STRING", "");
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = Azurite.ConnectionString,
            ["Storage:TablePrefix"] = Prefix,
            ["Storage:ContainerPrefix"] = Prefix,
            ["Logging:LogLevel:Default"] = "Warning",
            // Billing is tested in Billing/ on the shipped plans. Elsewhere an agency's trial is long and large enough
            // never to lock what a test is about (tests move the clock by years and make many sites per agency).
            ["Billing:Plans:Trial:Sites"] = "1000",
            ["Billing:Plans:Trial:Days"] = "36500",
        };
        if (UsesFakeStripe)
        {
            settings["Billing:Stripe:ApiBase"] = Stripe.BaseAddress.ToString();
        }

        foreach (var (key, value) in Entra.AppSettings.Concat(Settings()))
        {
            settings[key] = value; // a test class's own settings win
        }

        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    public TestUser NewUser(string name = "Test Person") =>
        new(Guid.NewGuid(), Guid.NewGuid(), name, $"{name.Replace(' ', '.').ToLowerInvariant()}@agency.example");

    public HttpClient ClientFor(TestUser user)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Entra.MintToken(user.TenantId, user.ObjectId, user.Name, user.Email));
        return client;
    }

    public HttpClient ClientWithApiKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>A person signs up an agency and becomes its Owner.</summary>
    public async Task<TestAgency> CreateAgencyAsync(string name = "Fjord Web")
    {
        var owner = NewUser($"{name} Owner");
        var client = ClientFor(owner);
        var response = await client.PostAsJsonAsync("/api/v1/agencies", new { name, country = "DK" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new TestAgency(body.GetProperty("id").GetString()!, owner, client);
    }

    public async Task<string> CreateApiKeyAsync(TestAgency agency, string name = "CI deploy")
    {
        var response = await agency.Owner.PostAsJsonAsync(agency.Path("/api-keys"), new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public async Task<string> CreateSiteAsync(TestAgency agency, object? request = null)
    {
        var response = await agency.Owner.PostAsJsonAsync(agency.Path("/sites"), request ?? SampleSite());
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating a site failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("siteKey").GetString()!;
    }

    public async Task<JsonElement> PublishAsync(TestAgency agency, string siteKey, object? request = null)
    {
        var response = await agency.Owner.PostAsJsonAsync(agency.Path($"/sites/{siteKey}/banner/publish"), request ?? new { });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Publishing failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A Danish site as an agency would enter it.</summary>
    public static Dictionary<string, object?> SampleSite(string name = "Bageriet Hansen", string country = "DK", string registration = "10150817") => new()
    {
        ["displayName"] = name,
        ["company"] = new Dictionary<string, object?>
        {
            ["legalName"] = name + " ApS",
            ["registrationNumber"] = registration,
            ["address"] = new { street = "Strandvejen 12", postalCode = "2100", city = "København Ø" },
            ["email"] = "kontakt@bageriet.example",
            ["phone"] = "+45 33 12 34 56",
        },
        ["country"] = country,
        ["domains"] = new[] { "www.bageriet.example", "*.shop.bageriet.example" },
        ["defaultLanguage"] = "da",
        ["languages"] = new[] { "da", "en" },
    };
}

public sealed record TestUser(Guid TenantId, Guid ObjectId, string Name, string Email)
{
    public string UserKey => $"{TenantId:D}.{ObjectId:D}";
}

/// <summary>An agency and its Owner's client.</summary>
public sealed record TestAgency(string Id, TestUser OwnerUser, HttpClient Owner)
{
    public string Path(string rest = "") => $"/api/v1/agencies/{Id}{rest}";
}
