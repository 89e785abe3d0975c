using System.Net;
using System.Net.Sockets;

namespace ConsentCloud.Web.Features.Consents;

/// <summary>
/// The visitor's address, only ever kept truncated. Under the Functions host every request arrives from loopback
/// (the host forwards it), so the client is the first X-Forwarded-For entry; from anywhere else the peer itself.
/// </summary>
public static class ClientAddress
{
    public static IPAddress? Of(HttpContext context)
    {
        var peer = context.Connection.RemoteIpAddress;
        if ((peer is null || IPAddress.IsLoopback(peer)) && context.Request.Headers["X-Forwarded-For"].ToString() is { Length: > 0 } forwarded)
        {
            var first = forwarded.Split(',')[0].Trim();
            // App Service front ends may append a port ("203.0.113.7:51234", "[2001:db8::1]:443").
            if (IPEndPoint.TryParse(first, out var endpoint))
            {
                return Normalise(endpoint.Address);
            }
        }

        return peer is null ? null : Normalise(peer);
    }

    /// <summary>IPv4 to its /24, IPv6 to its /48, as text ("203.0.113.0/24", "2001:db8:1::/48"); "" when unknown.</summary>
    public static string Truncate(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }

        var bytes = Normalise(address).GetAddressBytes();
        var (keep, bits) = bytes.Length == 4 ? (3, 24) : (6, 48);
        for (var i = keep; i < bytes.Length; i++)
        {
            bytes[i] = 0;
        }

        return $"{new IPAddress(bytes)}/{bits}";
    }

    private static IPAddress Normalise(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
