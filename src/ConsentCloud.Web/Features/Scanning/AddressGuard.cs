using System.Net;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>
/// The addresses the scanner never connects to (outside tests): loopback, private, carrier-grade NAT, link-local,
/// unique-local, unspecified and multicast, IPv4-mapped IPv6 included. Checked on the resolved address at connect
/// time (<see cref="SiteFetcher"/>'s ConnectCallback), so neither DNS rebinding nor a redirect gets past it.
/// </summary>
public static class AddressGuard
{
    private static readonly (IPAddress Network, int Bits)[] Refused =
    [
        (IPAddress.Parse("0.0.0.0"), 8),
        (IPAddress.Parse("10.0.0.0"), 8),
        (IPAddress.Parse("100.64.0.0"), 10),
        (IPAddress.Parse("127.0.0.0"), 8),
        (IPAddress.Parse("169.254.0.0"), 16),
        (IPAddress.Parse("172.16.0.0"), 12),
        (IPAddress.Parse("192.0.0.0"), 24),
        (IPAddress.Parse("192.168.0.0"), 16),
        (IPAddress.Parse("198.18.0.0"), 15),
        (IPAddress.Parse("224.0.0.0"), 4),
        (IPAddress.Parse("240.0.0.0"), 4),
        (IPAddress.Parse("::"), 128),
        (IPAddress.Parse("::1"), 128),
        (IPAddress.Parse("fc00::"), 7),
        (IPAddress.Parse("fe80::"), 10),
        (IPAddress.Parse("ff00::"), 8),
    ];

    /// <summary>Whether the scanner must not connect to <paramref name="address"/>.</summary>
    public static bool IsRefused(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        foreach (var (network, bits) in Refused)
        {
            if (network.AddressFamily == address.AddressFamily && InNetwork(bytes, network.GetAddressBytes(), bits))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InNetwork(byte[] address, byte[] network, int bits)
    {
        for (var i = 0; i < network.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : 0xFF << (8 - bits) & 0xFF;
            if ((address[i] & mask) != (network[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The scanner was asked to connect to an address <see cref="AddressGuard"/> refuses.</summary>
public sealed class RefusedAddressException(string host) : IOException($"{host} resolves to a private or loopback address, which the scanner does not connect to.")
{
    public string Host { get; } = host;
}
