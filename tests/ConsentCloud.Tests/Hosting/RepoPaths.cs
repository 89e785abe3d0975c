namespace ConsentCloud.Tests.Hosting;

/// <summary>Where the repository, the web project and its function folders are, found from the test assembly's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string WebProjectDirectory => Path.Combine(Root, "src", "ConsentCloud.Web");

    public static string WebProject => Path.Combine(WebProjectDirectory, "ConsentCloud.Web.csproj");

    /// <summary>Source of the function folders: Functions/&lt;Name&gt;/function.json, copied to &lt;Name&gt;/function.json on publish.</summary>
    public static string FunctionsDirectory => Path.Combine(WebProjectDirectory, "Functions");

    public static string HostJson => Path.Combine(Root, "host.json");

    /// <summary>
    /// The configuration the tests were built with (…/bin/&lt;Configuration&gt;/&lt;tfm&gt;/), so the web project was built
    /// in it too and can be published without building again; null when the path does not say.
    /// </summary>
    public static string? BuildConfiguration
    {
        get
        {
            var tfmDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
            var configurationDirectory = tfmDirectory.Parent;
            return configurationDirectory?.Parent?.Name == "bin" ? configurationDirectory.Name : null;
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ConsentCloud.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder holding ConsentCloud.sln above {AppContext.BaseDirectory}.");
    }
}
