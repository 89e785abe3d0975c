using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Access;

/// <summary>Fails start-up with a message naming the setting, instead of failing the first signed-in request.</summary>
internal sealed class EntraOptionsValidator : IValidateOptions<EntraOptions>
{
    private const string S = EntraOptions.Section;

    public ValidateOptionsResult Validate(string? name, EntraOptions options)
    {
        List<string> failures = [];

        if (!options.Enabled)
        {
            if (options.AllowedTenants.Length > 0)
            {
                failures.Add($"{S}:AllowedTenants is set but {S}:ClientId is empty, so Entra sign-in is disabled. Set {S}:ClientId to the API's application (client) id.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }

        if (!Guid.TryParse(options.ClientId, out _))
        {
            failures.Add($"{S}:ClientId must be the API's application (client) id, a GUID; got '{options.ClientId}'.");
        }

        if (!EntraOptions.IsHttpsOrLoopback(options.Instance) || !IsBareOrigin(options.Instance))
        {
            failures.Add($"{S}:Instance must be an https origin without a path, such as {EntraOptions.DefaultInstance} (plain http only on a loopback address); got '{options.Instance}'.");
        }

        if (!string.IsNullOrWhiteSpace(options.MetadataAddress) && !EntraOptions.IsHttpsOrLoopback(options.MetadataAddress))
        {
            failures.Add($"{S}:MetadataAddress must be an absolute https URL (plain http only on a loopback address); got '{options.MetadataAddress}'.");
        }

        if (string.IsNullOrWhiteSpace(options.RequiredScope) || options.RequiredScope.Any(char.IsWhiteSpace))
        {
            failures.Add($"{S}:RequiredScope must be one scope name without spaces, such as {EntraOptions.DefaultScope}; got '{options.RequiredScope}'.");
        }

        for (var i = 0; i < options.AllowedTenants.Length; i++)
        {
            if (!Guid.TryParse(options.AllowedTenants[i], out _))
            {
                failures.Add($"{S}:AllowedTenants:{i} must be a tenant id (GUID); got '{options.AllowedTenants[i]}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsBareOrigin(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) &&
        uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
}
