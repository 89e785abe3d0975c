using System.Diagnostics;
using ConsentCloud.Tests.Hosting;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Deploy;

/// <summary>
/// The published app started as the Functions host starts it, in Production (nothing sets an environment, as in
/// Azure), with the settings infra/ gives it: it starts with exactly those, and refuses to start, naming what is
/// missing, without them. The required settings come from the app itself (<see cref="RequiredSetting"/>).
/// </summary>
[Collection(PublishedAppGroup.Name)]
public sealed class DeploymentSettingsTests(PublishedFunctionsApp published, TestApp app) : IClassFixture<TestApp>
{
    private static readonly TimeSpan HostStartLimit = TimeSpan.FromSeconds(60);

    private HostSettings Host => HostSettings.Load(published.PathOf("host.json"));

    private IReadOnlyList<RequiredSetting> Required => [.. app.Services.GetServices<RequiredSetting>()];

    [Fact]
    public async Task PublishedAppStartsInProductionWithTheBicepsAppSettings()
    {
        await using var handler = CustomHandlerProcess.Start(published.Directory, Host, CustomHandlerProcess.FreePort(), BicepSettings());
        await handler.AssertAsync(async () =>
        {
            await handler.WaitUntilReadyAsync(HostStartLimit);
            using var response = await handler.Client.GetAsync("/");
            Assert.True(response.IsSuccessStatusCode, $"GET / answered {(int)response.StatusCode}.");
            Assert.False(handler.HasExited, "The app exited after answering GET /.");
            Assert.DoesNotContain("cannot start", handler.Output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task PublishedAppRefusesToStartInProductionWithoutItsSettingsAndNamesEachOne()
    {
        var (exitCode, output) = await RunUntilExitAsync(new Dictionary<string, string?>());

        Assert.True(exitCode == StartupFailure.InvalidSettingsExitCode, $"Exit code {exitCode}, expected {StartupFailure.InvalidSettingsExitCode}:\n{output}");
        Assert.Contains("ConsentCloud cannot start: its settings are invalid.", output, StringComparison.Ordinal);
        Assert.All(Required, s => Assert.Contains($"{s.AppSettingName} is not set", output, StringComparison.Ordinal));
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedAppNamesTheOneRequiredSettingTheBicepWouldLack()
    {
        var settings = BicepSettings();
        foreach (var missing in Required)
        {
            var without = new Dictionary<string, string?>(settings) { [missing.AppSettingName] = null };
            var (exitCode, output) = await RunUntilExitAsync(without);

            Assert.True(exitCode == StartupFailure.InvalidSettingsExitCode, $"Without {missing.AppSettingName}: exit code {exitCode}:\n{output}");
            Assert.Contains($"{missing.AppSettingName} is not set", output, StringComparison.Ordinal);
            Assert.All(Required.Where(s => s != missing), s => Assert.DoesNotContain($"{s.AppSettingName} is not set", output, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task PublishedAppRefusesAStorageAccountKeyInProduction()
    {
        var settings = new Dictionary<string, string?>(BicepSettings())
        {
            ["Storage__ConnectionString"] = Azurite.ConnectionString,
            [StorageInAzure.TableEndpoint.AppSettingName] = null,
            [StorageInAzure.BlobEndpoint.AppSettingName] = null,
            [StorageInAzure.QueueEndpoint.AppSettingName] = null,
        };
        var (exitCode, output) = await RunUntilExitAsync(settings);

        Assert.True(exitCode == StartupFailure.InvalidSettingsExitCode, $"Exit code {exitCode}:\n{output}");
        Assert.Contains("Storage__ConnectionString is not accepted in the 'Production' environment", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Scanning__AllowPrivateAddresses", "true", "Scanning__AllowPrivateAddresses is for local runs and tests only")]
    [InlineData("Scanning__TestOrigins__www.bageriet.example", "http://127.0.0.1:5000", "Scanning__TestOrigins is for local runs and tests only")]
    public async Task TheScannersTestSwitchesAreRefusedInProduction(string setting, string value, string expected)
    {
        var settings = new Dictionary<string, string?>(BicepSettings()) { [setting] = value };
        var (exitCode, output) = await RunUntilExitAsync(settings);

        Assert.True(exitCode == StartupFailure.InvalidSettingsExitCode, $"Exit code {exitCode}:\n{output}");
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnresolvedKeyVaultReferenceIsNamedAtStart()
    {
        // Azure passes a reference through unchanged when it cannot read the secret.
        var secret = Web.Features.Access.AccessSetup.EntraClientId;
        var settings = new Dictionary<string, string?>(BicepSettings())
        {
            [secret.AppSettingName] = "@Microsoft.KeyVault(SecretUri=https://kv-example.vault.azure.net/secrets/missing/)",
        };
        var (exitCode, output) = await RunUntilExitAsync(settings);

        Assert.True(exitCode == StartupFailure.InvalidSettingsExitCode, $"Exit code {exitCode}:\n{output}");
        Assert.Contains($"{secret.AppSettingName} is a Key Vault reference that Azure could not resolve", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATelemetryConnectionStringThatIsNotOneIsNamedAtStart()
    {
        var settings = new Dictionary<string, string?>(BicepSettings()) { [Telemetry.ConnectionStringSetting] = "appi-consentcloud" };
        var (exitCode, output) = await RunUntilExitAsync(settings);

        Assert.True(exitCode == StartupFailure.InvalidSettingsExitCode, $"Exit code {exitCode}:\n{output}");
        Assert.Contains($"{Telemetry.ConnectionStringSetting} is not an Application Insights connection string", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Bicep's app settings as Azure hands them to the app: each by its name, with the app's example value for
    /// a setting it requires, the literal where the Bicep writes one, and a stand-in for expressions Azure resolves
    /// (resource endpoints, resolved secrets). Plus what the platform itself sets: the managed identity endpoint
    /// (a closed loopback port here, so token requests fail fast instead of waiting for an Azure VM endpoint).
    /// </summary>
    private Dictionary<string, string?> BicepSettings()
    {
        var required = Required.ToDictionary(s => s.AppSettingName, StringComparer.OrdinalIgnoreCase);
        var settings = BicepText.AppSettings().ToDictionary(
            s => s.Name,
            s => (string?)(required.TryGetValue(s.Name, out var r) ? r.Example : s.Literal ?? $"resolved-in-azure-{s.Name.ToLowerInvariant()}"));
        settings["IDENTITY_ENDPOINT"] = $"http://127.0.0.1:{CustomHandlerProcess.FreePort()}/msi/token";
        // Application Insights' own connection string (telemetry on, as in Azure), its ingestion on a closed port.
        settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = $"InstrumentationKey={Guid.Empty};IngestionEndpoint=http://127.0.0.1:{CustomHandlerProcess.FreePort()}/";
        settings["IDENTITY_HEADER"] = "deployment-test";
        return settings;
    }

    private async Task<(int? ExitCode, string Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string?> settings)
    {
        await using var handler = CustomHandlerProcess.Start(published.Directory, Host, CustomHandlerProcess.FreePort(), settings);
        var clock = Stopwatch.StartNew();
        while (!handler.HasExited && clock.Elapsed < HostStartLimit)
        {
            await Task.Delay(100);
        }

        var exited = handler.HasExited;
        var exitCode = exited ? await handler.StopAsync(TimeSpan.FromSeconds(5)) : null;
        await Task.Delay(200); // the last lines of stderr
        return (exitCode, (exited ? "" : $"(still running after {HostStartLimit.TotalSeconds:0} s)\n") + handler.Output);
    }
}
