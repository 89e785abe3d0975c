using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentCloud.Tests.Portal;

/// <summary>The app for portal tests: e-mail goes to <see cref="Mail"/> instead of the log.</summary>
public class PortalApp : TestApp
{
    public CapturingEmailSender Mail { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<IEmailSender>(Mail)));
    }

    /// <summary>Adds a person to an agency through the management API (as its Owner), with a role and sites.</summary>
    public async Task<TestUser> AddMemberAsync(TestAgency agency, string role, params string[] sites)
    {
        var user = NewUser($"{role} Person");
        var response = await agency.Owner.PostAsJsonAsync(agency.Path("/members"), new
        {
            tenantId = user.TenantId, objectId = user.ObjectId, role, displayName = user.Name, email = user.Email, sites,
        });
        response.EnsureSuccessStatusCode();
        return user;
    }
}

/// <summary>Keeps every e-mail the app sends, for the test to read the invitation link from.</summary>
public sealed partial class CapturingEmailSender : IEmailSender
{
    private readonly ConcurrentQueue<EmailMessage> sent = new();

    public IReadOnlyList<EmailMessage> Sent => [.. sent];

    public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        sent.Enqueue(message);
        return Task.CompletedTask;
    }

    /// <summary>The path of the invitation link in the latest e-mail to <paramref name="to"/>.</summary>
    public string InvitationPathFor(string to)
    {
        var message = sent.Reverse().FirstOrDefault(m => m.To == to) ?? throw new InvalidOperationException($"No e-mail to {to}.");
        return new Uri(InvitationLink().Match(message.Body).Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+/portal/invitations/[a-z2-7-]+")]
    private static partial Regex InvitationLink();
}
