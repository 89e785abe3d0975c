using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace ConsentCloud.Tests.Hosting;

/// <summary>
/// The published app started as the Functions host starts a custom handler: host.json's executable and arguments
/// (with %SETTING% expanded), its working directory, the host's environment plus FUNCTIONS_CUSTOMHANDLER_PORT.
/// Output is captured for assertion messages; the process never outlives the test (or the test run).
/// </summary>
internal sealed partial class CustomHandlerProcess : IAsyncDisposable
{
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    /// <summary>The host's readiness probe interval.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(25);

    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly StringBuilder _output = new();

    static CustomHandlerProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var process in Running.Values)
        {
            Kill(process);
        }
    };

    private CustomHandlerProcess(ProcessStartInfo start, int port)
    {
        Port = port;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append("out", e.Data);
        _process.ErrorDataReceived += (_, e) => Append("err", e.Data);
        _process.Start();
        Running[_process.Id] = _process;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Append("test", $"started {start.FileName} {string.Join(' ', start.ArgumentList)} in {start.WorkingDirectory}, port {port}");
    }

    public int Port { get; }

    /// <summary>A client for http://127.0.0.1:{port}, as the host forwards requests.</summary>
    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the app wrote so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the app under <paramref name="appRoot"/>. The host passes its own environment on: the test run's, without
    /// settings that would change the app's behaviour from Azure's (ASPNETCORE_*, DOTNET_ENVIRONMENT, Section__Key
    /// overrides), then <paramref name="settings"/> (app settings; a null value removes a variable) and the port.
    /// </summary>
    public static CustomHandlerProcess Start(string appRoot, HostSettings host, int port, IReadOnlyDictionary<string, string?> settings)
    {
        var workingDirectory = host.WorkingDirectoryUnder(appRoot);
        var executable = host.ExecutablePath ?? throw new InvalidOperationException("host.json names no customHandler.description.defaultExecutablePath.");
        var start = new ProcessStartInfo
        {
            // Like the host: a path that exists under the working directory is used from there, anything else from PATH.
            FileName = File.Exists(Path.Combine(workingDirectory, executable)) ? Path.Combine(workingDirectory, executable) : executable,
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        foreach (var name in start.Environment.Keys.Where(IsTestRunOverride).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        start.Environment[PortVariable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var argument in host.Arguments)
        {
            start.ArgumentList.Add(AppSetting().Replace(argument, m => start.Environment.TryGetValue(m.Groups[1].Value, out var v) && v is not null ? v : m.Value));
        }

        return new CustomHandlerProcess(start, port);
    }

    /// <summary>A TCP port nothing listens on right now (the host picks one the same way).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls GET / every 25 ms as the host does until any HTTP answer; returns how long that took.</summary>
    public async Task<TimeSpan> WaitUntilReadyAsync(TimeSpan limit)
    {
        using var probe = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = Client.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                throw new XunitException($"The app exited with code {_process.ExitCode} before it answered GET /.");
            }

            try
            {
                using var response = await probe.GetAsync("/");
                return clock.Elapsed;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(ProbeInterval);
            }
        }

        throw new XunitException($"The app did not answer GET / within {limit.TotalSeconds:0} s.");
    }

    /// <summary>The addresses from the app's "Now listening on:" log lines, waiting a little for the console logger.</summary>
    public async Task<IReadOnlyList<string>> ListeningAddressesAsync(TimeSpan wait)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var addresses = ListeningOn().Matches(Output).Select(m => m.Groups[1].Value).ToList();
            if (addresses.Count > 0 || clock.Elapsed > wait || _process.HasExited)
            {
                return addresses;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops the app as a platform stops a process (SIGTERM), waits for it, and returns its exit code (null: it had to be killed).</summary>
    public async Task<int?> StopAsync(TimeSpan grace)
    {
        if (!OperatingSystem.IsWindows() && !_process.HasExited)
        {
            using var signal = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            await signal!.WaitForExitAsync();
        }

        using var deadline = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            return null;
        }
    }

    /// <summary>Runs the assertions; on failure the app is killed and its output is added to the failure message.</summary>
    public async Task AssertAsync(Func<Task> assertions)
    {
        try
        {
            await assertions();
        }
        catch (Exception e)
        {
            await KillAsync();
            throw new XunitException($"{e.Message}\n\n--- custom handler output ---\n{Output}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client.Dispose();
        _process.Dispose();
    }

    private async Task KillAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync();
        Running.TryRemove(_process.Id, out _);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private void Append(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Append('[').Append(stream).Append("] ").AppendLine(line);
        }
    }

    /// <summary>Variables of the test run that Azure does not set and that would steer the app: URLs, environment, config overrides.</summary>
    private static bool IsTestRunOverride(string name) =>
        name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) ||
        name is "DOTNET_ENVIRONMENT" or "DOTNET_URLS" ||
        name.Contains("__", StringComparison.Ordinal);

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex AppSetting();

    [GeneratedRegex(@"Now listening on: (\S+)")]
    private static partial Regex ListeningOn();
}
