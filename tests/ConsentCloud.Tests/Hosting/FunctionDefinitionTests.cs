namespace ConsentCloud.Tests.Hosting;

/// <summary>
/// The hosting tests find function folders by themselves; this proves they find a timer function (none exists yet)
/// and read folders as the host does, on a throwaway app root.
/// </summary>
public sealed class FunctionDefinitionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("consentcloud-functions-").FullName;

    [Fact]
    public void FunctionFoldersArePickedUpAsTheHostFindsThem()
    {
        Write("host.json", """{ "version": "2.0" }""");
        Write("ExpireConsents/function.json", """{ "bindings": [ { "type": "timerTrigger", "direction": "in", "name": "timer", "schedule": "0 0 2 * * *" } ] }""");
        Write("Legacy/function.json", """{ "bindings": [ { "type": "httpTrigger", "direction": "in", "name": "req", "authLevel": "function" }, { "type": "http", "direction": "out", "name": "res" } ] }""");
        Write("Nested/Deeper/function.json", "{}");

        var functions = FunctionDefinition.LoadAll(_root);

        Assert.Equal(["ExpireConsents", "Legacy"], functions.Select(f => f.Name));
        Assert.True(functions[0].IsTimer);
        Assert.Contains("ExpireConsents", JobNames.All(functions));
        var legacy = functions[1].HttpRoute(HostSettings.Load(Path.Combine(_root, "host.json")));
        Assert.Equal("api/Legacy", legacy.Template); // no route: the function's name, under the default prefix
        Assert.Null(legacy.Methods);
        Assert.Equal([Path.Combine("Nested", "Deeper", "function.json")], FunctionDefinition.StrayFunctionJsonFiles(_root));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
