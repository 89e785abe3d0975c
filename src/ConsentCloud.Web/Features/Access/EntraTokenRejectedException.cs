namespace ConsentCloud.Web.Features.Access;

public enum EntraRejection
{
    NotConfigured,
    NotAUser,
    TenantNotAllowed,
    InsufficientScope,
}

/// <summary>A signature-valid Entra token this API still refuses. The message goes to the client: it names no claim value.</summary>
public sealed class EntraTokenRejectedException : Exception
{
    public EntraTokenRejectedException(EntraRejection reason)
        : base(Describe(reason)) => Reason = reason;

    public EntraTokenRejectedException()
        : this(EntraRejection.NotAUser)
    {
    }

    public EntraTokenRejectedException(string message)
        : base(message)
    {
    }

    public EntraTokenRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EntraRejection Reason { get; } = EntraRejection.NotAUser;

    private static string Describe(EntraRejection reason) => reason switch
    {
        EntraRejection.NotConfigured => "Entra ID sign-in is not configured on this server",
        EntraRejection.NotAUser => "The token must carry one tid and one oid, both GUIDs",
        EntraRejection.TenantNotAllowed => "The token's tenant is not allowed to use this API",
        EntraRejection.InsufficientScope => "The token lacks the required scope",
        _ => "The token was rejected",
    };
}
