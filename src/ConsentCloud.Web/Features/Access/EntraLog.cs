namespace ConsentCloud.Web.Features.Access;

/// <summary>Never logs a token or a user's object id: the tenant id is enough to tell an onboarding problem.</summary>
internal static partial class EntraLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Entra bearer token rejected: {Reason} (tenant {TenantId}).")]
    public static partial void TokenRejected(ILogger logger, EntraRejection reason, Guid? tenantId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "Entra bearer token refused: Entra ID is disabled because " + EntraOptions.Section + ":ClientId is not set.")]
    public static partial void NotConfigured(ILogger logger);
}
