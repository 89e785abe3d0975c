using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Infrastructure;

/// <summary>
/// The app on a real loopback port (Kestrel), for a real browser: everything <see cref="TestApp"/> offers, plus
/// <see cref="BaseUrl"/>. Pages that embed the banner are served from another origin by <see cref="StaticSite"/>.
/// </summary>
public class LiveApp : TestApp
{
    public string BaseUrl { get; private set; } = "";

    protected override void StartApp()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.Select(a => a.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal))
            .First().TrimEnd('/');
    }
}
