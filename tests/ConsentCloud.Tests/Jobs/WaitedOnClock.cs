using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace ConsentCloud.Tests.Jobs;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that remembers until when each wait on it (Task.Delay with a TimeProvider creates a
/// timer) was started. A test moves time once the scheduler, or a run's lock renewal, waits for the instant it should:
/// a move made before would not reach a wait that starts after it.
/// </summary>
public sealed class WaitedOnClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly ConcurrentQueue<DateTimeOffset> waits = new();

    /// <summary>Whether something has started to wait on this clock until <paramref name="due"/>.</summary>
    public bool HasWaitUntil(DateTimeOffset due) => waits.Contains(due);

    public override string ToString() => $"{base.ToString()}, waits until {string.Join(", ", waits.Select(w => w.ToString("u", CultureInfo.InvariantCulture)))}";

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var due = GetUtcNow() + dueTime;
        var timer = base.CreateTimer(callback, state, dueTime, period);
        waits.Enqueue(due);
        return timer;
    }
}
