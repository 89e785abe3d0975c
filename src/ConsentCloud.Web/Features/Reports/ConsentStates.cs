using System.Text.Json;
using ConsentCloud.Web.Features.Consents;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>
/// A decision's state, by the rule of <see cref="ConsentHistory"/>: withdrawn when it is a withdrawal or a later
/// withdrawal of the same consent id covers it (ingest marks the earlier records, <see cref="ConsentLog.MarkWithdrawnAsync"/>);
/// otherwise expired once its validity has ended; otherwise active.
/// </summary>
public static class ConsentStates
{
    public static ConsentState Of(ConsentRecord record, DateTimeOffset? withdrawnAt, DateTimeOffset now) =>
        record.Method == ConsentMethod.Withdraw || record.ReceivedAt <= withdrawnAt ? ConsentState.Withdrawn
            : now >= record.ExpiresAt ? ConsentState.Expired
            : ConsentState.Active;

    public static string Name(ConsentState state) => state switch
    {
        ConsentState.Active => "active",
        ConsentState.Expired => "expired",
        _ => "withdrawn",
    };

    /// <summary>The method as the API spells it (acceptAll, rejectAll, custom, gpc, withdraw).</summary>
    public static string MethodName(ConsentMethod method) => method switch
    {
        ConsentMethod.AcceptAll => "acceptAll",
        ConsentMethod.RejectAll => "rejectAll",
        ConsentMethod.Custom => "custom",
        ConsentMethod.Gpc => "gpc",
        ConsentMethod.Withdraw => "withdraw",
        _ => JsonNamingPolicy.CamelCase.ConvertName(method.ToString()),
    };
}
