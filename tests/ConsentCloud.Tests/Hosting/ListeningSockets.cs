using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace ConsentCloud.Tests.Hosting;

/// <summary>Who listens where, seen from outside the app: the kernel's socket table and connection attempts.</summary>
internal static class ListeningSockets
{
    private const string ListenState = "0A";

    /// <summary>
    /// The local addresses of TCP sockets listening on <paramref name="port"/>, from /proc/net/tcp and tcp6;
    /// null where the kernel does not publish them (not Linux).
    /// </summary>
    public static IReadOnlyList<IPAddress>? AddressesListeningOn(int port)
    {
        string[] tables = ["/proc/net/tcp", "/proc/net/tcp6"];
        if (!File.Exists(tables[0]))
        {
            return null;
        }

        return
        [
            .. tables.Where(File.Exists)
                .SelectMany(File.ReadLines)
                .Skip(1)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(fields => fields.Length > 3 && fields[3] == ListenState && fields[1].Contains(':', StringComparison.Ordinal))
                .Select(fields => fields[1].Split(':'))
                .Where(local => int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                .Select(local => KernelAddress(local[0])),
        ];
    }

    /// <summary>This machine's addresses other than loopback (and link-local IPv6, which needs a scope to reach).</summary>
    public static IReadOnlyList<IPAddress> NonLoopbackAddresses() =>
    [
        .. NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .Where(a => !IPAddress.IsLoopback(a) && !a.IsIPv6LinkLocal)
            .Distinct(),
    ];

    public static async Task<bool> AcceptsConnectionAsync(IPAddress address, int port)
    {
        using var client = new TcpClient(address.AddressFamily);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>/proc/net prints an address as 32-bit words in host (little-endian) byte order.</summary>
    private static IPAddress KernelAddress(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; BitConverter.IsLittleEndian && word < bytes.Length; word += 4)
        {
            Array.Reverse(bytes, word, 4);
        }

        return new IPAddress(bytes);
    }
}
