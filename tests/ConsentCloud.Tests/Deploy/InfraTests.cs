using System.Text.Json;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Hosting;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Deploy;

/// <summary>
/// infra/ must give the app everything it requires at start: every <see cref="RequiredSetting"/> the app declares (read
/// from the running app, so a feature that adds one is checked at once), secrets through Key Vault, and the roles
/// its identity needs. The Bicep cannot be compiled here, so these tests read its text.
/// </summary>
public sealed partial class InfraTests(TestApp app) : IClassFixture<TestApp>
{
    /// <summary>Built-in Azure roles the app's identity needs, and why (ids from Azure's role definitions).</summary>
    private static readonly Dictionary<string, (string Id, string Why)> RolesTheAppNeeds = new()
    {
        ["Storage Table Data Contributor"] = ("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "ConsentCloud's tables (read, write, create at start)"),
        ["Storage Blob Data Owner"] = ("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "ConsentCloud's blobs, AzureWebJobsStorage (timers) and the deployment container"),
        ["Storage Queue Data Contributor"] = ("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "the site scanner's queue: the app sends, the ScanSite trigger receives"),
        ["Monitoring Metrics Publisher"] = ("3913510d-42f4-4e42-8a64-420c390055eb", "telemetry with Application Insights local auth disabled"),
        ["Key Vault Secrets User"] = ("4633458b-17de-408a-b874-0445c86b69e6", "the Key Vault references in app settings"),
    };

    private IReadOnlyList<RequiredSetting> Required => [.. app.Services.GetServices<RequiredSetting>()];

    [Fact]
    public void TheAppDeclaresItsAzureSettings()
    {
        // The mechanism itself: if registrations stopped reaching the container, every other check would pass vacuously.
        var keys = Required.Select(s => s.Key).ToList();
        Assert.Contains("Storage:TableEndpoint", keys);
        Assert.Contains("Storage:BlobEndpoint", keys);
        Assert.Contains("Storage:QueueEndpoint", keys);
        Assert.Contains("Storage:ManagedIdentityClientId", keys);
        Assert.Contains("Auth:Entra:ClientId", keys);
        Assert.Contains("Portal:PublicOrigin", keys);
    }

    [Fact]
    public void EverySettingTheAppRequiresIsProvidedByTheBicep()
    {
        var bicep = BicepText.AppSettings();
        var keyVault = BicepText.Read("core/keyvault.bicep");
        List<string> problems = [];
        foreach (var setting in Required)
        {
            var provided = bicep.Where(b => string.Equals(b.Name, setting.AppSettingName, StringComparison.OrdinalIgnoreCase)).ToList();
            if (provided.Count == 0)
            {
                problems.Add($"{setting.AppSettingName} ({setting.Purpose}) is required by the app but set by no Bicep app setting. " +
                    (setting.Secret
                        ? "Add it to `var secretSettings` in infra/app/app.bicep as a Key Vault reference, and its secret to infra/core/keyvault.bicep."
                        : "Add `" + setting.AppSettingName + ": <value>` to `var appSettings` in infra/app/app.bicep (and a parameter in main.bicep + main.parameters.json if the operator supplies it)."));
                continue;
            }

            if (provided.Count > 1)
            {
                problems.Add($"{setting.AppSettingName} is set more than once: {string.Join(", ", provided.Select(p => $"{p.File} {p.Object}"))}.");
            }

            var value = provided[0];
            if (value.Literal is { Length: 0 })
            {
                problems.Add($"{setting.AppSettingName} is set to an empty string in {value.File}.");
            }

            if (setting.Secret && (!value.IsKeyVaultReference || value.SecretName is not { } secret || !keyVault.Contains($"'{secret}'", StringComparison.Ordinal)))
            {
                problems.Add($"{setting.AppSettingName} is a secret: it must be a Key Vault reference (@Microsoft.KeyVault(SecretUri=...secrets/<name>/)) to a secret infra/core/keyvault.bicep names; it is {value.Value}.");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void EveryKeyVaultReferenceNamesASecretTheVaultModuleKnows()
    {
        var keyVault = BicepText.Read("core/keyvault.bicep");
        var references = BicepText.AppSettings().Where(s => s.Value.Contains("@Microsoft.KeyVault", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, r =>
        {
            Assert.True(r.IsKeyVaultReference && r.SecretName is not null, $"{r.Name}: not of the form '@Microsoft.KeyVault(SecretUri=${{keyVaultUri}}secrets/<name>/)': {r.Value}");
            Assert.Contains($"'{r.SecretName}'", keyVault, StringComparison.Ordinal);
        });

        // The platform resolves references with the user-assigned identity only when the site names it.
        Assert.Equal("identityId", BicepText.Property(BicepText.Read("app/app.bicep"), "keyVaultReferenceIdentity"));
    }

    [Fact]
    public void TheStorageAccountHasTheQueueEveryQueueFunctionReads()
    {
        var storage = BicepText.Read("core/storage.bicep");
        var queues = FunctionDefinition.LoadAll(RepoPaths.FunctionsDirectory).Where(f => f.IsQueue)
            .Select(f => Json.String(Json.Property(f.Trigger!.Value, "queueName"))).ToList();
        Assert.NotEmpty(queues);
        Assert.Contains("queueServices/queues@", storage, StringComparison.Ordinal);
        Assert.All(queues, q => Assert.Contains($"name: '{q}'", storage, StringComparison.Ordinal));
        // The host polls the queue, the app drains nothing itself in Azure.
        Assert.Equal("'false'", BicepText.AppSettings().Single(s => s.Name == "Scanning__LocalWorker").Value);
    }

    [Fact]
    public void EverySettingsObjectReachesTheFunctionApp()
    {
        var appBicep = BicepText.Read("app/app.bicep");
        var objects = BicepText.AppSettings().Select(s => s.Object).Distinct().ToList();
        Assert.Contains("appSettings", objects);
        var appSettingsConfig = Regex.Match(appBicep, @"name: 'appsettings'\s*\n\s*properties: union\(([^)]*)\)");
        Assert.True(appSettingsConfig.Success, "infra/app/app.bicep: the site's `config` resource 'appsettings' must set `properties: union(...)` of the settings objects.");
        var merged = appSettingsConfig.Groups[1].Value.Split(',').Select(s => s.Trim()).ToList();
        Assert.All(objects, o => Assert.Contains(o, merged));
    }

    [Fact]
    public void TheAppsIdentityHoldsEveryRoleItNeeds()
    {
        var rbac = BicepText.Read("app/rbac.bicep");
        var roleIds = BicepText.ObjectVariable(rbac, "roles");
        var assignments = BicepText.RoleAssignments(rbac);
        foreach (var (role, (id, why)) in RolesTheAppNeeds)
        {
            var variable = roleIds.FirstOrDefault(r => r.Value == id).Key;
            Assert.True(variable is not null, $"infra/app/rbac.bicep names no role with id {id} ({role}: {why}).");
            Assert.True(assignments.Any(a => a.Role == variable && a.Principal == "appPrincipalId"),
                $"The app's identity is not assigned {role} ({why}) in infra/app/rbac.bicep.");
        }

        // ...and it is the identity whose client id the app and the host use.
        var main = BicepText.Read("main.bicep");
        Assert.Contains("appPrincipalId: identity.outputs.principalId", main, StringComparison.Ordinal);
        Assert.Contains("identityClientId: identity.outputs.clientId", main, StringComparison.Ordinal);
        Assert.Contains("identityId: identity.outputs.id", main, StringComparison.Ordinal);
        var settings = BicepText.AppSettings().ToDictionary(s => s.Name, s => s.Value);
        Assert.Equal("identityClientId", settings[StorageInAzure.ManagedIdentityClientId.AppSettingName]);
        Assert.Equal("identityClientId", settings["AzureWebJobsStorage__clientId"]);
        Assert.Equal("'managedidentity'", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("ClientId=${identityClientId};Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"], StringComparison.Ordinal);

        // The deployment package is read with the same identity.
        var appBicep = BicepText.Read("app/app.bicep");
        Assert.Matches(@"authentication: \{\s*type: 'UserAssignedIdentity'\s*userAssignedIdentityResourceId: identityId\s*\}", appBicep);
    }

    [Fact]
    public void NothingInAzureUsesAKey()
    {
        var storage = BicepText.Read("core/storage.bicep");
        Assert.Equal("false", BicepText.Property(storage, "allowSharedKeyAccess"));
        Assert.Equal("false", BicepText.Property(storage, "allowBlobPublicAccess"));
        Assert.Equal("'TLS1_2'", BicepText.Property(storage, "minimumTlsVersion"));
        Assert.Equal("true", BicepText.Property(BicepText.Read("core/monitoring.bicep"), "DisableLocalAuth"));
        Assert.Equal("true", BicepText.Property(BicepText.Read("core/keyvault.bicep"), "enableRbacAuthorization"));

        foreach (var file in BicepText.Files)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("listKeys(", text, StringComparison.Ordinal);
            Assert.DoesNotContain("AccountKey", text, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(BicepText.AppSettings(), s => s.Name.StartsWith("Storage__ConnectionString", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(BicepText.AppSettings(), s => s.Name == "AzureWebJobsStorage");
    }

    [Fact]
    public void TheFunctionAppRunsTheAppsDotnetVersionAsACustomHandlerOnFlexConsumption()
    {
        var props = File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props"));
        var framework = Regex.Match(props, @"<TargetFramework>net(\d+\.\d+)</TargetFramework>");
        Assert.True(framework.Success, "Directory.Build.props names no netX.Y TargetFramework.");

        var appBicep = BicepText.Read("app/app.bicep");
        Assert.Matches($@"(?m)^var dotnetVersion = '{Regex.Escape(framework.Groups[1].Value)}'", appBicep);
        Assert.Matches(@"runtime: \{\s*name: 'dotnet-isolated'", appBicep);
        Assert.Contains("tier: 'FlexConsumption'", appBicep, StringComparison.Ordinal);
        Assert.Contains("name: 'FC1'", appBicep, StringComparison.Ordinal);
        Assert.Contains("kind: 'functionapp,linux'", appBicep, StringComparison.Ordinal);
        Assert.Equal("true", BicepText.Property(appBicep, "httpsOnly"));

        // Flex Consumption takes its runtime from functionAppConfig and rejects these as app settings.
        var names = BicepText.AppSettings().Select(s => s.Name).ToList();
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", names);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", names);
        Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", names);
    }

    [Fact]
    public void PublicEndpointsAllowAnyOriginWithoutCredentials()
    {
        var appBicep = BicepText.Read("app/app.bicep");
        Assert.Equal("['*']", BicepText.Property(appBicep, "allowedOrigins"));
        Assert.Equal("false", BicepText.Property(appBicep, "supportCredentials"));
    }

    [Fact]
    public void AzdDeploysTheAppProjectToTheTaggedFunctionApp()
    {
        var yaml = File.ReadAllLines(Path.Combine(RepoPaths.Root, "azure.yaml"));
        var services = yaml.SkipWhile(l => l.TrimEnd() != "services:").Skip(1).TakeWhile(l => l.StartsWith(' ')).ToList();
        var names = services.Where(l => ServiceName().IsMatch(l)).Select(l => ServiceName().Match(l).Groups[1].Value).ToList();
        Assert.Equal(["app"], names);
        string Value(string key) => services.Select(l => Regex.Match(l, $@"^\s+{key}:\s*(\S+)\s*$")).First(m => m.Success).Groups[1].Value;
        Assert.Equal("function", Value("host"));
        Assert.Equal("dotnet", Value("language"));
        Assert.Equal(Path.GetFullPath(RepoPaths.WebProjectDirectory), Path.GetFullPath(Path.Combine(RepoPaths.Root, Value("project"))));

        Assert.Contains("'azd-service-name': 'app'", BicepText.Read("app/app.bicep"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheParametersFileWiresEveryParameterAndNothingElse()
    {
        var parameters = BicepText.Parameters(BicepText.Read("main.bicep"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(BicepText.InfraDirectory, "main.parameters.json")));
        var wired = json.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        // A parameter without a default must be wired (azd prompts when its variable is empty); nothing unknown is wired.
        Assert.All(parameters.Where(p => !p.HasDefault), p => Assert.Contains(p.Name, wired));
        Assert.All(wired, name => Assert.Contains(name, parameters.Select(p => p.Name)));
        Assert.Equal("${AZURE_ENV_NAME}", json.RootElement.GetProperty("parameters").GetProperty("environmentName").GetProperty("value").GetString());
        Assert.Equal("${AZURE_LOCATION}", json.RootElement.GetProperty("parameters").GetProperty("location").GetProperty("value").GetString());
        Assert.Equal("${AZURE_PRINCIPAL_ID}", json.RootElement.GetProperty("parameters").GetProperty("principalId").GetProperty("value").GetString());
    }

    [GeneratedRegex(@"^  (\w[\w-]*):\s*$")]
    private static partial Regex ServiceName();
}
