using System.Net;
using Microsoft.AspNetCore.Hosting;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Infrastructure;

/// <summary>
/// The app on a real loopback port over HTTPS, for browser tests of the portal: its cookies are Secure and its
/// antiforgery refuses plain HTTP. The certificate is self-signed, made here for the run (a browser context for it
/// sets IgnoreHTTPSErrors). The app also listens on plain HTTP for the test's own API calls.
/// </summary>
public class HttpsLiveApp : TestApp
{
    public string BaseUrl { get; private set; } = "";

    protected override void StartApp()
    {
        var certificate = SelfSignedCertificate();
        // HTTPS for the browser, plain HTTP for the test's own API calls (ConfigureClient).
        UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
        });
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = Loopback(addresses.First(a => a.StartsWith("https:", StringComparison.Ordinal)));
        // The factory's clients (the API helpers) go to the plain HTTP listener: they would not trust the certificate.
        ClientOptions.BaseAddress = new Uri(Loopback(addresses.First(a => a.StartsWith("http:", StringComparison.Ordinal))) + "/");
    }

    private static string Loopback(string address) =>
        address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
