using System.Globalization;
using ConsentCloud.Web.Features.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace ConsentCloud.Web.Features.Portal.SignIn;

public enum SignInFailure
{
    /// <summary>Sign-in with Microsoft is not configured on this server.</summary>
    NotConfigured,

    /// <summary>No sign-in of this browser matches the callback: no or another correlation cookie, a state not ours, too late, replayed.</summary>
    InvalidCallback,

    /// <summary>
    /// Entra answered with an error, at the authorize or at the token endpoint (e.g. a code that fails its PKCE check),
    /// or its answer broke the OpenID Connect rules the handler checks.
    /// </summary>
    ProtocolError,

    /// <summary>The id_token failed validation: signature, issuer, audience, lifetime.</summary>
    InvalidIdToken,

    NonceMismatch,

    /// <summary>The id_token does not carry one tid and one oid, both GUIDs.</summary>
    NotAUser,

    TenantNotAllowed,
}

/// <summary>
/// Our part of "Sign in with Microsoft", chained after Identity.Web's handlers: the redirect URI registered in Entra
/// (the portal's public origin, as the app behind the Functions host only sees loopback requests); the person must be
/// a usable Entra user of an allowed tenant, and the cookie keeps only who they are (<see cref="PortalSession"/>),
/// never a token; every failure lets the request through to the callback page, which answers 400 with a readable
/// page naming no reason. The reason goes to the log, without any code, token or secret.
/// </summary>
public sealed class MicrosoftSignInEvents(
    IOptions<MicrosoftSignInOptions> signIn,
    IOptions<PortalOptions> portal,
    IOptions<EntraOptions> entra,
    TimeProvider clock,
    ILogger<MicrosoftSignInEvents> logger)
{
    /// <summary>When the sign-in started, in the state the handler protects and Entra hands back.</summary>
    private const string StartedKey = "cc.started";
    private readonly IReadOnlySet<Guid> _allowedTenants = entra.Value.AllowedTenantIds;

    internal void Attach(OpenIdConnectEvents events)
    {
        var redirect = events.OnRedirectToIdentityProvider;
        events.OnRedirectToIdentityProvider = async context =>
        {
            await redirect(context);
            context.ProtocolMessage.RedirectUri = RedirectUri(context.HttpContext);
            context.Properties.Items[StartedKey] = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        };

        var received = events.OnMessageReceived;
        events.OnMessageReceived = async context =>
        {
            await received(context);
            if (context.Result is null && !StartedRecently(context.Properties))
            {
                context.Fail(new AuthenticationFailureException("The sign-in took too long."));
            }
        };

        var validated = events.OnTokenValidated;
        events.OnTokenValidated = async context =>
        {
            await validated(context);
            if (context.Result is null)
            {
                TokenValidated(context);
            }
        };

        var ticket = events.OnTicketReceived;
        events.OnTicketReceived = async context =>
        {
            await ticket(context);
            if (context.Principal is { } principal && EntraClaims.GetTenantId(principal) is { } tenant)
            {
                PortalLog.SignedIn(logger, PortalSession.MicrosoftMethod, tenant);
            }
        };

        var failure = events.OnRemoteFailure;
        events.OnRemoteFailure = async context =>
        {
            await failure(context);
            PortalLog.SignInFailed(logger, Classify(context.Failure), context.Failure?.GetType().Name ?? "none");
            context.SkipHandler();
        };
    }

    private void TokenValidated(TokenValidatedContext context)
    {
        if (!EntraClaims.TryGetUser(context.Principal!, out var user))
        {
            context.Fail(new EntraTokenRejectedException(EntraRejection.NotAUser));
        }
        else if (_allowedTenants.Count > 0 && !_allowedTenants.Contains(user.TenantId))
        {
            context.Fail(new EntraTokenRejectedException(EntraRejection.TenantNotAllowed));
        }
        else
        {
            context.Principal = PortalSession.Principal(user, PortalSession.MicrosoftMethod);
            context.Properties!.Items.Remove(StartedKey);
            context.Properties.IsPersistent = false;
            context.Properties.RedirectUri = PortalPaths.SafeReturnUrl(context.Properties.RedirectUri);
        }
    }

    /// <summary>False when the state carries no start time or one older than <see cref="MicrosoftSignIn.Timeout"/>.</summary>
    private bool StartedRecently(AuthenticationProperties? properties) =>
        properties?.Items.TryGetValue(StartedKey, out var value) == true &&
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) &&
        clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) is var age && age >= TimeSpan.Zero && age <= MicrosoftSignIn.Timeout;

    private string RedirectUri(HttpContext http) =>
        string.IsNullOrWhiteSpace(signIn.Value.RedirectUri)
            ? portal.Value.Origin(http) + MicrosoftSignIn.CallbackPath
            : signIn.Value.RedirectUri;

    private static SignInFailure Classify(Exception? failure) => failure switch
    {
        EntraTokenRejectedException { Reason: EntraRejection.TenantNotAllowed } => SignInFailure.TenantNotAllowed,
        EntraTokenRejectedException => SignInFailure.NotAUser,
        OpenIdConnectProtocolInvalidNonceException => SignInFailure.NonceMismatch,
        SecurityTokenException => SignInFailure.InvalidIdToken,
        OpenIdConnectProtocolException => SignInFailure.ProtocolError,
        _ => SignInFailure.InvalidCallback,
    };
}
