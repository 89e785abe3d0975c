using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Access;

/// <summary>
/// What JwtBearer does not check by itself: a usable user (<c>tid</c> + <c>oid</c>), an allowed tenant and the scope.
/// Enforced in the scheme, so no endpoint can forget them. A missing scope answers 403 insufficient_scope (RFC 6750 §3.1:
/// the token is genuine but grants too little); every other rejection is 401 invalid_token.
/// </summary>
internal sealed class EntraBearerEvents(IOptions<EntraOptions> options, ILogger<EntraBearerEvents> logger) : JwtBearerEvents
{
    private readonly EntraOptions _entra = options.Value;
    private readonly IReadOnlySet<Guid> _allowedTenants = options.Value.AllowedTenantIds;

    public override Task MessageReceived(MessageReceivedContext context)
    {
        if (!_entra.Enabled && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            EntraLog.NotConfigured(logger);
            context.Fail(new EntraTokenRejectedException(EntraRejection.NotConfigured));
        }

        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        if (!EntraClaims.TryGetUser(principal, out var user))
        {
            Reject(context, EntraRejection.NotAUser, EntraClaims.GetTenantId(principal));
        }
        else if (_allowedTenants.Count > 0 && !_allowedTenants.Contains(user.TenantId))
        {
            Reject(context, EntraRejection.TenantNotAllowed, user.TenantId);
        }
        else if (!EntraClaims.HasScope(principal, _entra.RequiredScope))
        {
            Reject(context, EntraRejection.InsufficientScope, user.TenantId);
        }

        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is not EntraTokenRejectedException rejected)
        {
            return Task.CompletedTask;
        }

        if (rejected.Reason != EntraRejection.InsufficientScope)
        {
            context.ErrorDescription = rejected.Message;
            return Task.CompletedTask;
        }

        context.HandleResponse();
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.Headers.WWWAuthenticate =
            $"Bearer error=\"insufficient_scope\", error_description=\"{rejected.Message}\", scope=\"{_entra.RequiredScope}\"";
        return Task.CompletedTask;
    }

    private void Reject(TokenValidatedContext context, EntraRejection reason, Guid? tenant)
    {
        EntraLog.TokenRejected(logger, reason, tenant);
        context.Fail(new EntraTokenRejectedException(reason));
    }
}
