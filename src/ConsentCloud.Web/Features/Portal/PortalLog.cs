using ConsentCloud.Web.Features.Portal.SignIn;

namespace ConsentCloud.Web.Features.Portal;

/// <summary>Portal events. Never a code, token, secret, e-mail address or IP address: the reason and a tenant id at most.</summary>
internal static partial class PortalLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Portal sign-in failed: {Failure} ({ExceptionType}).")]
    public static partial void SignInFailed(ILogger logger, SignInFailure failure, string exceptionType);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Information, Message = "Portal sign-in with {Method} (tenant {TenantId}).")]
    public static partial void SignedIn(ILogger logger, string method, Guid tenantId);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Warning, Message = "The development sign-in is enabled: anyone can sign in as anyone. Local runs only.")]
    public static partial void DevSignInEnabled(ILogger logger);
}
