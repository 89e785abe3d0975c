using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Portal.SignIn;

/// <summary>
/// The development sign-in: pick a seeded person from a list, no password. Only for local runs: start-up fails when
/// it is switched on in any environment but Development, so a wrong app setting can never open the portal.
/// </summary>
public sealed class DevSignInOptions
{
    public const string Section = "Auth:DevSignIn";

    public bool Enabled { get; set; }
}

internal sealed class DevSignInOptionsValidator(IHostEnvironment environment) : IValidateOptions<DevSignInOptions>
{
    public ValidateOptionsResult Validate(string? name, DevSignInOptions options) =>
        options.Enabled && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail(
                $"{DevSignInOptions.Section}:Enabled is on in the '{environment.EnvironmentName}' environment. The development sign-in " +
                "lets anyone sign in as anyone: it can only be enabled in Development. Remove the setting.")
            : ValidateOptionsResult.Success;
}
