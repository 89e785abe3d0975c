using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Scanning;

public static class ScanSetup
{
    public static WebApplicationBuilder AddScanning(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ScanOptions>().BindConfiguration(ScanOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScanOptions>, ScanOptionsValidator>());
        services.AddHttpClient(SiteFetcher.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan) // each request has its own
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var allowPrivate = provider.GetRequiredService<IOptions<ScanOptions>>().Value.AllowPrivateAddresses;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false, // followed by hand, within the site's domains
                    UseCookies = false,
                    UseProxy = false,
                    AutomaticDecompression = DecompressionMethods.All,
                    ConnectTimeout = TimeSpan.FromSeconds(10),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    ConnectCallback = (context, ct) => SiteFetcher.ConnectAsync(context, allowPrivate, ct),
                };
            });
        services.AddSingleton<SiteFetcher>();
        services.AddSingleton<SiteScanner>();
        services.AddSingleton<DomainVerifier>();
        services.AddSingleton<ScanStore>();
        services.AddSingleton<ScanInbox>();
        services.AddSingleton<ScanRunner>();
        services.AddSingleton<ScanService>();
        services.AddSingleton<ScanPanel>();
        var options = builder.Configuration.GetSection(ScanOptions.Section).Get<ScanOptions>() ?? new ScanOptions();
        if (options.RunsLocalWorker(builder.Environment))
        {
            services.AddHostedService<LocalScanWorker>();
        }

        return builder;
    }
}
