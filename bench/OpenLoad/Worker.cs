using System.Diagnostics;
using System.Net.Sockets;

namespace OpenLoad;

/// <summary>
/// One thread's event loop over its connections (as wrk's threads): send every request that is due, wait on the busy
/// sockets until a response arrives or the next request is due, read, record. A request's latency runs from its due
/// time to the last byte of its response, so a server that stalls is charged for every request that queued behind it
/// (no coordinated omission). The wait has millisecond granularity, so a request goes out up to 1 ms before it is due;
/// one sent early is timed from when it went out, one sent late from when it was due (the lag is reported apart).
/// </summary>
internal sealed class Worker(Plan plan, Connection[] connections)
{
    public Tally Tally { get; } = new();

    public void Run(long start, CancellationToken ct)
    {
        var window = Plan.Ticks(0.001);
        var ms = Plan.Ticks(0.001);
        var timeout = Plan.Ticks(plan.TimeoutSeconds);
        var drainEnd = start + Plan.Ticks(plan.DurationSeconds) + timeout;
        var recordFrom = start + Plan.Ticks(plan.WarmupSeconds);
        var ready = new List<Socket>(connections.Length);
        var bySocket = new Dictionary<Socket, Connection>(connections.Length, ReferenceEqualityComparer.Instance);
        while (!ct.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            var nextDue = long.MaxValue;
            var active = false;
            ready.Clear();
            bySocket.Clear();
            foreach (var c in connections)
            {
                if (c.Busy && now - c.Sent > timeout)
                {
                    c.Close();
                    Tally.Timeout += c.Due >= recordFrom ? 1 : 0;
                }

                if (!c.Busy && c.Next < c.Planned)
                {
                    var due = c.DueOf(start, c.Next);
                    if (now > drainEnd)
                    {
                        Tally.Unsent += c.GiveUp();
                        continue;
                    }

                    if (due - now > window)
                    {
                        nextDue = Math.Min(nextDue, due);
                        active = true;
                        continue;
                    }

                    Send(c, due, now, recordFrom);
                }

                if (c.Busy)
                {
                    active = true;
                    ready.Add(c.Socket!);
                    bySocket[c.Socket!] = c;
                }
            }

            if (!active)
            {
                return;
            }

            // Wake when a response arrives, or in whole milliseconds about 1 ms before the next request is due.
            var waitMs = nextDue == long.MaxValue ? 10 : (int)Math.Clamp((nextDue - window - now + ms - 1) / ms, 0, 10);
            if (ready.Count == 0)
            {
                if (waitMs > 0)
                {
                    Thread.Sleep(waitMs);
                }

                continue;
            }

            Socket.Select(ready, null, null, waitMs * 1000);
            foreach (var socket in ready)
            {
                var c = bySocket[socket];
                bool complete;
                try
                {
                    complete = c.OnReadable();
                }
                catch (InvalidDataException)
                {
                    c.Close();
                    Tally.Read += c.Due >= recordFrom ? 1 : 0;
                    continue;
                }

                if (complete)
                {
                    Record(c, Stopwatch.GetTimestamp(), recordFrom);
                }
            }
        }
    }

    private void Send(Connection c, long due, long now, long recordFrom)
    {
        if (c.Socket is null)
        {
            try
            {
                c.Connect();
            }
            catch (SocketException)
            {
                c.Skip();
                Tally.Connect += due >= recordFrom ? 1 : 0;
                return;
            }
        }

        if (!c.Send(due, now))
        {
            c.Close();
            Tally.Write += due >= recordFrom ? 1 : 0;
        }
    }

    private void Record(Connection c, long done, long recordFrom)
    {
        if (c.Due < recordFrom)
        {
            return;
        }

        Tally.Statuses[c.Status] = Tally.Statuses.GetValueOrDefault(c.Status) + 1;
        if (plan.ExpectedStatus is { } expected ? c.Status != expected : c.Status >= 400)
        {
            Tally.Status++;
        }

        Tally.Latency.Record((done - Math.Min(c.Due, c.Sent)) * 1_000_000 / Stopwatch.Frequency);
        Tally.Lag.Record(Math.Max(0, c.Sent - c.Due) * 1_000_000 / Stopwatch.Frequency);
        Tally.OwnLag.Record(Math.Max(0, c.Sent - Math.Max(c.Due, c.FreeBeforeSend)) * 1_000_000 / Stopwatch.Frequency);
        Tally.Bytes += c.Bytes;
        Tally.LastAnswer = done;
    }
}
