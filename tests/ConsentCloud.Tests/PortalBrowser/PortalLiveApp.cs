using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Tests.Portal;
using ConsentCloud.Web.Features.Email;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ConsentCloud.Tests.PortalBrowser;

/// <summary>The app on a real port for Chromium, with e-mail captured (the invitation link is read from it).</summary>
public sealed class PortalLiveApp : LiveApp
{
    public CapturingEmailSender Mail { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<IEmailSender>(Mail)));
    }
}
