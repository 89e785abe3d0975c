using ConsentCloud.Web.Features.Access;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Portal.SignIn;

/// <summary>
/// "Sign in with Microsoft" for the portal: the web app registration (multi-tenant, a client secret, redirect URI
/// {origin}/portal/sign-in/callback). Enabled when <see cref="ClientId"/> is set; without it the sign-in page says so.
/// </summary>
public sealed class MicrosoftSignInOptions
{
    public const string Section = "Auth:MicrosoftSignIn";

    /// <summary>Work and school accounts of any organisation.</summary>
    public const string Tenant = "organizations";

    public string? ClientId { get; set; }

    /// <summary>From Key Vault or an app setting; never logged, never rendered.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The Entra cloud instance, scheme and host only. Tests point it at a loopback fake.</summary>
    public string Instance { get; set; } = EntraOptions.DefaultInstance;

    /// <summary>The absolute callback URL registered in Entra; empty = this request's origin + /portal/sign-in/callback.</summary>
    public string? RedirectUri { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId);

    public string Authority => $"{Instance.TrimEnd('/')}/{Tenant}/v2.0";

    public string MetadataAddress => $"{Authority}/.well-known/openid-configuration";

    /// <summary>The origin the browser is sent to (CSP form-action allows it).</summary>
    public string InstanceOrigin => Uri.TryCreate(Instance, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "";
}

internal sealed class MicrosoftSignInOptionsValidator : IValidateOptions<MicrosoftSignInOptions>
{
    private const string S = MicrosoftSignInOptions.Section;

    public ValidateOptionsResult Validate(string? name, MicrosoftSignInOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        List<string> failures = [];
        if (!Guid.TryParse(options.ClientId, out _))
        {
            failures.Add($"{S}:ClientId must be the web app's application (client) id, a GUID.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret) || options.ClientSecret.Length > 512)
        {
            failures.Add($"{S}:ClientSecret must be set (from Key Vault or an app setting) when {S}:ClientId is.");
        }

        if (!EntraOptions.IsHttpsOrLoopback(options.Instance) || !Uri.TryCreate(options.Instance, UriKind.Absolute, out var instance) || instance.AbsolutePath != "/")
        {
            failures.Add($"{S}:Instance must be an https origin such as {EntraOptions.DefaultInstance} (plain http only on a loopback address); got '{options.Instance}'.");
        }

        if (!string.IsNullOrWhiteSpace(options.RedirectUri) && !EntraOptions.IsHttpsOrLoopback(options.RedirectUri))
        {
            failures.Add($"{S}:RedirectUri must be an absolute https URL (plain http only on a loopback address); got '{options.RedirectUri}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
