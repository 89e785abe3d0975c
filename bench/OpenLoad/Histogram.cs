namespace OpenLoad;

/// <summary>
/// A log-linear latency histogram in microseconds, HdrHistogram's layout in miniature: values below 256 µs have a
/// bucket each; above, every power of two is split into 128 equal buckets, so a recorded value is known to within
/// 1/128 (0.8 %) of itself. Fixed size (up to 2^36 µs, about 19 hours), no allocation per value. Not thread-safe:
/// one per connection, merged at the end.
/// </summary>
internal sealed class Histogram
{
    private const int SubBits = 8;                 // 256 linear buckets below 2^8 µs
    private const int Half = 1 << (SubBits - 1);   // 128 buckets per power of two above
    private const int MaxExponent = 36;
    private readonly long[] counts = new long[(1 << SubBits) + ((MaxExponent - SubBits + 1) * Half)];

    public long Count { get; private set; }

    public long MaxMicros { get; private set; }

    public void Record(long micros)
    {
        micros = Math.Clamp(micros, 0, (1L << MaxExponent) - 1);
        counts[Index(micros)]++;
        Count++;
        MaxMicros = Math.Max(MaxMicros, micros);
    }

    public void Add(Histogram other)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] += other.counts[i];
        }

        Count += other.Count;
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
    }

    /// <summary>The value at quantile q (0..1): the upper edge of the bucket that holds it, capped at the maximum seen.</summary>
    public long ValueAt(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(q * Count));
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Math.Min(UpperEdge(i), MaxMicros);
            }
        }

        return MaxMicros;
    }

    private static int Index(long v)
    {
        if (v < 1 << SubBits)
        {
            return (int)v;
        }

        // v >> shift lies in [Half, 2·Half): the top SubBits bits of v.
        var shift = 63 - long.LeadingZeroCount(v) - (SubBits - 1);
        return (1 << SubBits) + ((int)shift - 1) * Half + (int)((v >> (int)shift) - Half);
    }

    private static long UpperEdge(int index)
    {
        if (index < 1 << SubBits)
        {
            return index;
        }

        var shift = ((index - (1 << SubBits)) / Half) + 1;
        var top = ((index - (1 << SubBits)) % Half) + Half;
        return ((top + 1L) << shift) - 1;
    }
}
