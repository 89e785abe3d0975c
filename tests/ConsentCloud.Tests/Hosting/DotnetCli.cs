using System.Diagnostics;

namespace ConsentCloud.Tests.Hosting;

/// <summary>Runs the dotnet CLI from a test: the same muxer as the test run, no lingering build servers, bounded in time.</summary>
internal static class DotnetCli
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } muxer ? muxer : "dotnet")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // `dotnet test` runs us under MSBuild: its variables would steer the nested build, so it starts clean.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new Result(-1, $"dotnet {string.Join(' ', start.ArgumentList)} did not finish within {timeout}.\n{await stdout}{await stderr}");
        }

        return new Result(process.ExitCode, $"$ dotnet {string.Join(' ', start.ArgumentList)}\n{await stdout}{await stderr}");
    }
}
