namespace ConsentCloud.Web.Features.Email;

/// <summary>
/// Writes e-mail to the log instead of sending it. In Development the whole message is logged, so the developer can
/// follow an invitation link; anywhere else only a masked recipient and the subject: a body marked
/// <see cref="EmailMessage.Secret"/> (an invitation link is a credential) never reaches a production log.
/// </summary>
internal sealed partial class LoggingEmailSender(IHostEnvironment environment, ILogger<LoggingEmailSender> logger) : IEmailSender
{
    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        if (environment.IsDevelopment())
        {
            LoggedInFull(logger, message.To, message.Subject, message.Body);
        }
        else
        {
            LoggedWithoutBody(logger, Mask(message.To), message.Subject);
        }

        return Task.CompletedTask;
    }

    /// <summary>"a***@example.com": enough to tell two messages apart, not enough to collect addresses from a log.</summary>
    internal static string Mask(string address) =>
        address.IndexOf('@', StringComparison.Ordinal) is var at and > 0 ? $"{address[0]}***{address[at..]}" : "***";

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "E-mail (development, not sent) to {To}: {Subject}\n{Body}")]
    private static partial void LoggedInFull(ILogger logger, string to, string subject, string body);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "E-mail not sent (no e-mail provider is configured) to {To}: {Subject}")]
    private static partial void LoggedWithoutBody(ILogger logger, string to, string subject);
}
