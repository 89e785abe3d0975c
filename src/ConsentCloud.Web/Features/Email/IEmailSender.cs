namespace ConsentCloud.Web.Features.Email;

/// <summary>A plain-text e-mail to one person.</summary>
/// <param name="Secret">
/// True when the body carries a credential (an invitation link): senders must never write such a body to a log
/// outside local development.
/// </param>
public sealed record EmailMessage(string To, string Subject, string Body, bool Secret);

/// <summary>Sends e-mail. Locally a logging implementation; in Azure a real provider (not part of this change).</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
