using System.Text;

namespace ConsentCloud.Tests.Hosting;

/// <summary>
/// The web project published once per test class into a temporary folder, as azd deploys it: `dotnet publish`
/// without a runtime. The test run has already built the web project in the tests' configuration, so publish
/// first tries --no-build (fast, and no second build racing over the same obj folder); a full publish is the fallback.
/// </summary>
public sealed class PublishedFunctionsApp : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "consentcloud-publish-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>What dotnet publish printed, for assertion messages.</summary>
    public string PublishLog { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var log = new StringBuilder();
        var configuration = RepoPaths.BuildConfiguration;
        if (configuration is not null)
        {
            var fast = await PublishAsync(configuration, build: false);
            log.AppendLine(fast.Output);
            if (fast.ExitCode == 0)
            {
                PublishLog = log.ToString();
                return;
            }

            DeleteDirectory();
        }

        var full = await PublishAsync(configuration ?? "Release", build: true);
        log.AppendLine(full.Output);
        PublishLog = log.ToString();
        if (full.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed (exit code {full.ExitCode}):\n{PublishLog}");
        }
    }

    public Task DisposeAsync()
    {
        DeleteDirectory();
        return Task.CompletedTask;
    }

    public string PathOf(params string[] parts) => Path.Combine([Directory, .. parts]);

    private Task<DotnetCli.Result> PublishAsync(string configuration, bool build) =>
        DotnetCli.RunAsync(
            [
                "publish", RepoPaths.WebProject, "-c", configuration, "-o", Directory,
                "--nologo", "--disable-build-servers", .. build ? Array.Empty<string>() : ["--no-build"],
            ],
            PublishTimeout);

    private void DeleteDirectory()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
