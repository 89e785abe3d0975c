using System.Net.Sockets;
using System.Text;

namespace OpenLoad;

/// <summary>
/// One keep-alive HTTP/1.1 connection and its share of the schedule: request k is due at start + (k·N + index) / rate.
/// Non-blocking: <see cref="Worker"/> sends when a request is due and calls <see cref="OnReadable"/> when the socket has
/// bytes; one request in flight at a time (no pipelining), Content-Length framing.
/// </summary>
internal sealed class Connection(Plan plan, int index) : IDisposable
{
    private readonly byte[] buffer = new byte[64 * 1024];
    private int filled;           // header bytes held in buffer while the headers are incomplete
    private long bodyLeft = -1;   // body bytes still to come once the headers are parsed; -1 before
    private bool keepAlive;

    public Socket? Socket { get; private set; }

    public long Next { get; private set; }          // the index k of the next request to send

    public long Planned { get; } = plan.PlannedFor(index);

    public bool Busy { get; private set; }

    public long Due { get; private set; }           // of the request in flight (or the next one)

    public long Sent { get; private set; }

    /// <summary>When the connection last became free (its previous response complete, or it opened).</summary>
    public long FreeSince { get; private set; }

    /// <summary>When the connection had become free before the request in flight was sent.</summary>
    public long FreeBeforeSend { get; private set; }

    public int Status { get; private set; }

    public long Bytes { get; private set; }

    public long DueOf(long start, long k) => start + (long)(((k * plan.Connections) + index) * plan.TicksPerRequest);

    public void Connect()
    {
        Close();
        var socket = new Socket(plan.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Connect(plan.Endpoint);   // loopback: immediate
            socket.Blocking = false;
            Socket = socket;
            FreeSince = System.Diagnostics.Stopwatch.GetTimestamp();
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends request <see cref="Next"/>, due at <paramref name="due"/>. False when the write failed.</summary>
    public bool Send(long due, long now)
    {
        Due = due;
        Sent = now;
        FreeBeforeSend = FreeSince;
        Next++;
        filled = 0;
        bodyLeft = -1;
        Bytes = 0;
        // The request is a few hundred bytes on an idle connection: the socket buffer always takes it whole.
        var n = Socket!.Send(plan.Request, 0, plan.Request.Length, SocketFlags.None, out var error);
        Busy = error == SocketError.Success && n == plan.Request.Length;
        return Busy;
    }

    /// <summary>Gives up request <see cref="Next"/> (it could not be sent: no connection).</summary>
    public void Skip() => Next++;

    /// <summary>Gives up every request not yet sent (the drain ran out); answers how many.</summary>
    public long GiveUp()
    {
        var left = Planned - Next;
        Next = Planned;
        Close();
        return left;
    }

    /// <summary>Reads what has arrived. Returns true when the response is complete, false when more is to come.</summary>
    /// <exception cref="InvalidDataException">The connection closed early or the response is not HTTP/1.1 as expected.</exception>
    public bool OnReadable()
    {
        while (true)
        {
            var into = bodyLeft < 0 ? buffer.AsSpan(filled) : buffer.AsSpan(0, (int)Math.Min(buffer.Length, bodyLeft));
            if (into.Length == 0)
            {
                throw new InvalidDataException(bodyLeft < 0 ? "Response headers larger than the buffer." : "Nothing to read.");
            }

            var n = Socket!.Receive(into, SocketFlags.None, out var error);
            if (error == SocketError.WouldBlock)
            {
                return false;
            }

            if (error != SocketError.Success || n == 0)
            {
                throw new InvalidDataException("The connection closed before the response was complete.");
            }

            Bytes += n;
            if (bodyLeft >= 0)
            {
                bodyLeft -= n;
            }
            else
            {
                filled += n;
                var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
                if (end < 0)
                {
                    continue;
                }

                bodyLeft = ParseHead(buffer.AsSpan(0, end)) - (filled - end - 4);
            }

            if (bodyLeft == 0)
            {
                Busy = false;
                FreeSince = System.Diagnostics.Stopwatch.GetTimestamp();
                if (!keepAlive)
                {
                    Close();
                }

                return true;
            }

            if (bodyLeft < 0)
            {
                throw new InvalidDataException("More bytes than Content-Length (pipelining is not expected).");
            }
        }
    }

    /// <summary>Parses the status line and headers; returns the body length.</summary>
    private long ParseHead(ReadOnlySpan<byte> head)
    {
        if (head.Length < 12 || !head.StartsWith("HTTP/1.1 "u8) || !int.TryParse(head.Slice(9, 3), out var status))
        {
            throw new InvalidDataException("Not an HTTP/1.1 status line.");
        }

        Status = status;
        long length = 0;
        keepAlive = true;
        foreach (var range in head.Split("\r\n"u8))
        {
            var line = head[range];
            if (TryHeader(line, "content-length"u8, out var value) && !long.TryParse(value, out length))
            {
                throw new InvalidDataException("Bad Content-Length.");
            }
            else if (TryHeader(line, "transfer-encoding"u8, out _))
            {
                throw new InvalidDataException("Transfer-Encoding is not supported (the servers measured send Content-Length).");
            }
            else if (TryHeader(line, "connection"u8, out value) && Ascii.EqualsIgnoreCase(value, "close"u8))
            {
                keepAlive = false;
            }
        }

        return plan.Head || status is 204 or 304 || status < 200 ? 0 : length;
    }

    /// <summary>The trimmed value of a header line when its name (ASCII, case-insensitive) is <paramref name="name"/>.</summary>
    private static bool TryHeader(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var match = line.Length > name.Length && line[name.Length] == (byte)':' && Ascii.EqualsIgnoreCase(line[..name.Length], name);
        value = match ? line[(name.Length + 1)..].Trim((byte)' ') : default;
        return match;
    }

    /// <summary>Closes the socket (after an error, a timeout or Connection: close); the next send reconnects.</summary>
    public void Close()
    {
        Socket?.Dispose();
        Socket = null;
        Busy = false;
    }

    public void Dispose() => Close();
}
