using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>What one fetch brought back (after redirects): the page's own address, and at most the page budget of its body.</summary>
public sealed record FetchedPage(Uri Url, int Status, string? MediaType, string Body, IReadOnlyList<string> CookieNames)
{
    public bool IsHtml => MediaType is "text/html" or "application/xhtml+xml";
}

/// <summary>Why a fetch brought nothing back: a code the portal words in the agency's language, and an English detail.</summary>
public sealed record FetchRefusal(Uri Url, SkipReason Reason, string Detail);

/// <summary>Bytes a scan may still read, shared by all its fetches.</summary>
public sealed class ScanBudget(long totalBytes)
{
    public long Remaining { get; private set; } = totalBytes;

    public void Spend(long bytes) => Remaining = Math.Max(0, Remaining - bytes);
}

/// <summary>
/// GETs a page of a site for the scanner: one HttpClient from the factory (its handler refuses private and loopback
/// addresses at connect time, see <see cref="ScanSetup"/>), no cookies kept, redirects followed by hand (at most
/// <see cref="MaxRedirects"/>, each only where <c>allowed</c> says, the site's own domains), at most
/// <see cref="ScanOptions.MaxPageBytes"/> of a body read, each request within <see cref="ScanOptions.RequestTimeoutSeconds"/>.
/// Tests map a host to a local origin (<see cref="ScanOptions.TestOrigins"/>); the addresses reported stay the site's.
/// </summary>
public sealed class SiteFetcher(IHttpClientFactory clients, IOptions<ScanOptions> options)
{
    public const string ClientName = "ConsentCloud.Scanner";
    public const string UserAgent = "ConsentCloudScanner";
    public const int MaxRedirects = 5;

    public async Task<(FetchedPage? Page, FetchRefusal? Refusal)> GetAsync(Uri url, Func<Uri, bool> allowed, ScanBudget budget, CancellationToken ct)
    {
        var limits = options.Value;
        var client = clients.CreateClient(ClientName);
        var current = url;
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            if (budget.Remaining <= 0)
            {
                return (null, new FetchRefusal(current, SkipReason.OutOfBytes, "The scan read as many bytes as it may."));
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            // Real time: a network wait, not a date.
            timeout.CancelAfter(TimeSpan.FromSeconds(limits.RequestTimeoutSeconds));
            using var request = new HttpRequestMessage(HttpMethod.Get, Physical(current, limits));
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue(UserAgent, "1.0"));
            request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1");
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = new Uri(current, location);
                    if (next.Scheme != Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttp)
                    {
                        return (null, new FetchRefusal(current, SkipReason.RedirectElsewhere, $"It redirects to a {next.Scheme} address."));
                    }

                    if (!allowed(next))
                    {
                        return (null, new FetchRefusal(current, SkipReason.RedirectElsewhere, $"It redirects to {next.Host}, which is not one of the site's domains."));
                    }

                    current = new UriBuilder(next) { Fragment = "" }.Uri;
                    continue;
                }

                var cookies = response.Headers.TryGetValues("Set-Cookie", out var setCookies)
                    ? setCookies.Select(CookieName).Where(n => n is not null).Select(n => n!).Distinct().ToList()
                    : [];
                var body = await ReadAsync(response, Math.Min(limits.MaxPageBytes, budget.Remaining), budget, timeout.Token);
                return (new FetchedPage(current, status, response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant(), body, cookies), null);
            }
            catch (HttpRequestException e) when (Find<RefusedAddressException>(e) is { } refused)
            {
                return (null, new FetchRefusal(current, SkipReason.PrivateAddress, refused.Message));
            }
            catch (HttpRequestException e)
            {
                return (null, new FetchRefusal(current, SkipReason.Unreachable, $"It could not be fetched ({Describe(e)})."));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return (null, new FetchRefusal(current, SkipReason.Timeout, $"It did not answer within {limits.RequestTimeoutSeconds} seconds."));
            }
        }

        return (null, new FetchRefusal(url, SkipReason.TooManyRedirects, $"It redirects more than {MaxRedirects} times."));
    }

    /// <summary>The connection for <see cref="SocketsHttpHandler.ConnectCallback"/>: resolved here, and only to addresses <see cref="AddressGuard"/> allows.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var usable = allowPrivate ? addresses : addresses.Where(a => !AddressGuard.IsRefused(a)).ToArray();
        if (usable.Length == 0 || usable.Length != addresses.Length)
        {
            // One refused address is enough: a name that also points inside is not scanned at all.
            throw new RefusedAddressException(host);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static Uri Physical(Uri url, ScanOptions limits) =>
        limits.TestOrigins.TryGetValue(url.IdnHost, out var origin) ? new Uri(new Uri(origin), url.PathAndQuery) : url;

    private static async Task<string> ReadAsync(HttpResponseMessage response, long max, ScanBudget budget, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[Math.Min(max, 64 * 1024)];
        using var memory = new MemoryStream();
        int read;
        while (memory.Length < max && (read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, max - memory.Length)), ct)) > 0)
        {
            memory.Write(buffer, 0, read);
        }

        budget.Spend(memory.Length);
        var encoding = Encoding.UTF8;
        if (response.Content.Headers.ContentType?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: read as UTF-8, which URLs in markup almost always survive.
            }
        }

        return encoding.GetString(memory.GetBuffer(), 0, (int)memory.Length);
    }

    /// <summary>The cookie's name from a Set-Cookie header; its value is never kept.</summary>
    internal static string? CookieName(string header)
    {
        var equals = header.IndexOf('=', StringComparison.Ordinal);
        var name = (equals < 0 ? "" : header[..equals]).Trim();
        return name.Length is > 0 and <= 100 && !name.Any(c => char.IsControl(c) || c is ';' or ',' or ' ') ? name : null;
    }

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string Describe(HttpRequestException e) =>
        e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "the name does not resolve",
            HttpRequestError.ConnectionError => "no connection",
            HttpRequestError.SecureConnectionError => "the TLS connection failed",
            _ => e.HttpRequestError.ToString(),
        };
}
