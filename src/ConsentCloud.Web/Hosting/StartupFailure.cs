using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Hosting;

/// <summary>
/// Validates every ValidateOnStart option right after the app is built, before anything resolves a service that
/// reads them (endpoint mapping does). Invalid settings end the process with exit code 1 and one line per problem
/// on stderr instead of a stack trace: the Functions host logs the handler's output, and the reason is what an
/// operator needs to read.
/// </summary>
public static class StartupFailure
{
    public const int InvalidSettingsExitCode = 1;

    /// <summary>True (after reporting them) when the settings are invalid and the app must not start.</summary>
    public static bool HasInvalidSettings(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            return false;
        }
        catch (Exception e) when (SettingsFailures(e) is { Count: > 0 } failures)
        {
            Console.Error.WriteLine("ConsentCloud cannot start: its settings are invalid.");
            foreach (var failure in failures)
            {
                Console.Error.WriteLine("  - " + failure);
            }

            if (MissingSettingsFileHint(app.Environment.ContentRootPath) is { } hint)
            {
                Console.Error.WriteLine(hint);
            }

            return true;
        }
    }

    /// <summary>
    /// A hint when the content root has no appsettings.json: the app was started from another folder (for example
    /// <c>dotnet path/to/ConsentCloud.Web.dll jobs run …</c>), so the shipped settings were never read and the
    /// failures above are a consequence, not the cause.
    /// </summary>
    internal static string? MissingSettingsFileHint(string contentRoot) =>
        File.Exists(Path.Combine(contentRoot, "appsettings.json"))
            ? null
            : $"  (There is no appsettings.json in the content root {contentRoot}: start the app from its own folder, or pass --contentRoot <the app's folder>.)";

    /// <summary>The validation failures when <paramref name="e"/> is nothing but options validation; otherwise none.</summary>
    internal static IReadOnlyList<string> SettingsFailures(Exception e) => e switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException { InnerExceptions: var inner } when inner.Count > 0 && inner.All(i => i is OptionsValidationException) =>
            [.. inner.Cast<OptionsValidationException>().SelectMany(i => i.Failures)],
        _ => [],
    };
}
