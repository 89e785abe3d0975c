namespace OpenLoad;

/// <summary>What one worker thread saw; merged over all threads at the end.</summary>
internal sealed class Tally
{
    public Histogram Latency { get; } = new();   // from the intended send time to the last byte of the response

    public Histogram Lag { get; } = new();       // how late the request went out, behind its intended send time

    public Histogram OwnLag { get; } = new();    // the part of that lag after its connection was free: the generator's own

    public Dictionary<int, long> Statuses { get; } = [];

    public long Bytes { get; set; }

    public long Connect { get; set; }

    public long Read { get; set; }

    public long Write { get; set; }

    public long Timeout { get; set; }

    public long Status { get; set; }

    /// <summary>Due before the end of the schedule but never sent: the server was so far behind that the drain ran out.</summary>
    public long Unsent { get; set; }

    public long LastAnswer { get; set; }

    public void Add(Tally other)
    {
        Latency.Add(other.Latency);
        Lag.Add(other.Lag);
        OwnLag.Add(other.OwnLag);
        foreach (var (status, count) in other.Statuses)
        {
            Statuses[status] = Statuses.GetValueOrDefault(status) + count;
        }

        Bytes += other.Bytes;
        Connect += other.Connect;
        Read += other.Read;
        Write += other.Write;
        Timeout += other.Timeout;
        Status += other.Status;
        Unsent += other.Unsent;
        LastAnswer = Math.Max(LastAnswer, other.LastAnswer);
    }
}
