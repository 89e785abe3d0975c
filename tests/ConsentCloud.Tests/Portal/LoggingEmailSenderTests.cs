using ConsentCloud.Web.Features.Email;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ConsentCloud.Tests.Portal;

/// <summary>The local e-mail sender logs the invitation link for the developer, and nowhere else.</summary>
public sealed class LoggingEmailSenderTests
{
    private static readonly EmailMessage Invitation = new("anna@agency.example", "You are invited", "Open https://portal/portal/invitations/secret-token-here", Secret: true);

    [Fact]
    public async Task InDevelopmentTheWholeMessageIsLogged()
    {
        var log = await SendAsync(Environments.Development);

        Assert.Contains("secret-token-here", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public async Task ElsewhereNeitherTheLinkNorTheAddressIsLogged(string environment)
    {
        var log = await SendAsync(environment);

        Assert.DoesNotContain("secret-token-here", log, StringComparison.Ordinal);
        Assert.DoesNotContain("anna@", log, StringComparison.Ordinal);
        Assert.Contains("a***@agency.example", log, StringComparison.Ordinal);
        Assert.Contains("You are invited", log, StringComparison.Ordinal);
    }

    private static async Task<string> SendAsync(string environment)
    {
        var logger = new ListLogger();
        await new LoggingEmailSender(new Environment(environment), logger).SendAsync(Invitation, CancellationToken.None);
        return string.Join('\n', logger.Lines);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "ConsentCloud.Web";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private sealed class ListLogger : ILogger<LoggingEmailSender>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
