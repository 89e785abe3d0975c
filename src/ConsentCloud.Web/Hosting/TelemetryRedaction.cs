using System.Diagnostics;
using OpenTelemetry;

namespace ConsentCloud.Web.Hosting;

/// <summary>
/// Strips personal data from every span before it is exported. The ASP.NET Core instrumentation records the client's
/// address, user agent, query string and path (a visitor's consent id is in the path of its history and erasure
/// calls); outgoing calls record their full URL (Table storage keys name a site's visitors). What is left: the route
/// template instead of the path, and scheme, host and first path segment (the table or container) of a call.
/// </summary>
public sealed class TelemetryRedaction : BaseProcessor<Activity>
{
    /// <summary>Tags dropped from every span (current and older semantic-convention names).</summary>
    internal static readonly string[] Dropped =
    [
        "client.address", "client.port", "network.peer.address", "network.peer.port", "http.client_ip", "net.peer.ip",
        "user_agent.original", "http.user_agent", "url.query", "enduser.id",
    ];

    public override void OnEnd(Activity data)
    {
        foreach (var tag in Dropped)
        {
            if (data.GetTagItem(tag) is not null)
            {
                data.SetTag(tag, null);
            }
        }

        if (data.GetTagItem("url.path") is not null)
        {
            data.SetTag("url.path", data.GetTagItem("http.route") as string ?? (data.Kind == ActivityKind.Server ? null : FirstSegment(data.GetTagItem("url.path") as string)));
        }

        foreach (var url in (ReadOnlySpan<string>)["url.full", "http.url"])
        {
            if (data.GetTagItem(url) is string full)
            {
                data.SetTag(url, Shorten(full));
            }
        }
    }

    /// <summary>"https://account.table.core.windows.net/ConsentIndex(PartitionKey='…')?$filter=…" → "https://account.table.core.windows.net/ConsentIndex".</summary>
    internal static string? Shorten(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) + FirstSegment(uri.AbsolutePath) : null;

    private static string? FirstSegment(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var segment = path.TrimStart('/');
        var end = segment.IndexOfAny(['/', '(', '?']);
        return "/" + (end < 0 ? segment : segment[..end]);
    }
}
