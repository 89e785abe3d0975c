using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Hosting;

/// <summary>
/// A setting ConsentCloud cannot run in Azure without, declared by the feature that reads it, next to its options.
/// Outside local runs and tests the app refuses to start while one is missing (or is a Key Vault reference Azure could
/// not resolve), naming each by its app-setting name; the deployment tests check that infra/ provides every one.
/// </summary>
/// <param name="Key">The configuration key, e.g. <c>Storage:TableEndpoint</c>.</param>
/// <param name="Purpose">What it holds and where it comes from: the start-up message shows it.</param>
/// <param name="Example">A well-formed value that the app's own validation accepts (the deployment tests use it).</param>
/// <param name="Secret">Kept in Key Vault and referenced from the app setting, never a plain app setting.</param>
public sealed record RequiredSetting(string Key, string Purpose, string Example, bool Secret = false)
{
    /// <summary>The app-setting (environment variable) name: sections joined by a double underscore.</summary>
    public string AppSettingName => Key.Replace(":", "__", StringComparison.Ordinal);
}

/// <summary>Marker options type whose start-up validation is the check of every <see cref="RequiredSetting"/>.</summary>
public sealed class RequiredSettingsCheck;

public static class RequiredSettings
{
    /// <summary>The environment the test suite runs in (on Azurite, without Azure's settings).</summary>
    public const string TestingEnvironment = "Testing";

    /// <summary>How an app setting names a Key Vault secret; Azure replaces it with the secret's value when it can.</summary>
    public const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    /// <summary>
    /// Development (local runs on Azurite) and Testing (the test suite) have none of Azure's settings. Every other
    /// environment, above all Production (what the app is when nothing says otherwise, as in Azure), must have them.
    /// </summary>
    public static bool AreEnforced(IHostEnvironment environment) =>
        !environment.IsDevelopment() && !environment.IsEnvironment(TestingEnvironment);

    /// <summary>Declares a setting the app needs in Azure: checked at start, and required from the Bicep by the tests.</summary>
    public static WebApplicationBuilder RequireSetting(this WebApplicationBuilder builder, RequiredSetting setting)
    {
        builder.Services.AddSingleton(setting);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RequiredSettingsCheck>, RequiredSettingsValidator>());
        builder.Services.AddOptions<RequiredSettingsCheck>().ValidateOnStart();
        return builder;
    }
}

/// <summary>One failure listing every missing setting, so one redeploy fixes them all.</summary>
internal sealed class RequiredSettingsValidator(IConfiguration configuration, IHostEnvironment environment, IEnumerable<RequiredSetting> settings)
    : IValidateOptions<RequiredSettingsCheck>
{
    public ValidateOptionsResult Validate(string? name, RequiredSettingsCheck options)
    {
        if (!RequiredSettings.AreEnforced(environment))
        {
            return ValidateOptionsResult.Success;
        }

        List<string> failures = [];
        foreach (var setting in settings.DistinctBy(s => s.Key, StringComparer.OrdinalIgnoreCase))
        {
            var value = configuration[setting.Key];
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"{setting.AppSettingName} is not set: {setting.Purpose}");
            }
            else if (value.StartsWith(RequiredSettings.KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{setting.AppSettingName} is a Key Vault reference that Azure could not resolve (the secret is missing, or the app's identity may not read it): {setting.Purpose}");
            }
        }

        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Prepend(
                $"Required settings are missing in the '{environment.EnvironmentName}' environment ({failures.Count}); infra/ provides them in Azure, see docs/deploy.md."));
    }
}
