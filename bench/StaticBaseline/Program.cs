using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

// A static-file ceiling for the public file endpoints (config.json, banner.js). Reads, once at start, a folder written
// by bench/config/run.sh from the app's own responses, with one subfolder per file name (config.json/, banner.js/):
//   body, body.gz, body.br        the identity, gzip and Brotli bodies, byte for byte as the app sent them
//   etag, etag.gz, etag.br        the ETag the app sent with each
//   headers                       the app's other response headers ("Name: value" lines), sent with every response
// and answers GET/HEAD /v1/sites/{siteKey}/{file name} from memory: 304 when If-None-Match names one of the ETags,
// otherwise the variant the client accepts. Everything else is a 404. Usage:
//   dotnet StaticBaseline.dll --dir <folder> --urls http://127.0.0.1:<port>
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, EnvironmentName = Environments.Production });
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

var dir = builder.Configuration["dir"] ?? throw new InvalidOperationException("Pass --dir <folder with one subfolder per file>.");
var files = StaticFiles.Load(dir);

var app = builder.Build();
app.Run(files.ServeAsync);
app.Run();

/// <summary>The files by name (the last path segment), each served from memory.</summary>
internal sealed class StaticFiles(Dictionary<string, StaticFile> byName)
{
    private const string PathPrefix = "/v1/sites/";
    private readonly Dictionary<string, StaticFile>.AlternateLookup<ReadOnlySpan<char>> lookup = byName.GetAlternateLookup<ReadOnlySpan<char>>();

    public static StaticFiles Load(string dir)
    {
        var byName = Directory.GetDirectories(dir).ToDictionary(d => Path.GetFileName(d), StaticFile.Load, StringComparer.Ordinal);
        return byName.Count > 0 ? new StaticFiles(byName) : throw new InvalidOperationException($"{dir} has no file folders.");
    }

    public Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value;
        var slash = path is null || !path.StartsWith(PathPrefix, StringComparison.Ordinal) ? -1 : path.IndexOf('/', PathPrefix.Length);
        // /v1/sites/{siteKey}/{name}: a non-empty site key, then a name without a further slash.
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || slash <= PathPrefix.Length ||
            path!.IndexOf('/', slash + 1) >= 0 || !lookup.TryGetValue(path.AsSpan(slash + 1), out var file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return file.ServeAsync(context);
    }
}

/// <summary>One file's variants and headers, held in memory, with every header value built once.</summary>
internal sealed class StaticFile
{
    private readonly Variant identity;
    private readonly Variant? gzip;
    private readonly Variant? brotli;
    private readonly KeyValuePair<string, StringValues>[] common;
    private readonly StringValues contentType;

    private StaticFile(Variant identity, Variant? gzip, Variant? brotli, KeyValuePair<string, StringValues>[] common, StringValues contentType)
    {
        this.identity = identity;
        this.gzip = gzip;
        this.brotli = brotli;
        this.common = common;
        this.contentType = contentType;
    }

    private sealed record Variant(byte[] Body, StringValues ETag, StringValues Encoding)
    {
        public static Variant? Load(string dir, string suffix, string? encoding)
        {
            var body = Path.Combine(dir, "body" + suffix);
            var etag = Path.Combine(dir, "etag" + suffix);
            return File.Exists(body) && File.Exists(etag)
                ? new Variant(File.ReadAllBytes(body), File.ReadAllText(etag).Trim(), encoding is null ? StringValues.Empty : new StringValues(encoding))
                : null;
        }
    }

    public static StaticFile Load(string dir)
    {
        var identity = Variant.Load(dir, "", null) ?? throw new InvalidOperationException($"{dir} has no body and etag.");
        var contentType = StringValues.Empty;
        var common = new List<KeyValuePair<string, StringValues>>();
        foreach (var line in File.ReadAllLines(Path.Combine(dir, "headers")))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals(HeaderNames.ContentType, StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else
            {
                common.Add(new(name, value));
            }
        }

        return new StaticFile(identity, Variant.Load(dir, ".gz", "gzip"), Variant.Load(dir, ".br", "br"), [.. common], contentType);
    }

    public Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var acceptEncoding = request.Headers.AcceptEncoding.ToString();
        var variant = brotli is not null && acceptEncoding.Contains("br", StringComparison.Ordinal) ? brotli
            : gzip is not null && acceptEncoding.Contains("gzip", StringComparison.Ordinal) ? gzip
            : identity;

        var headers = response.Headers;
        foreach (var (name, value) in common)
        {
            headers[name] = value;
        }

        headers.ETag = variant.ETag;
        if (Matches(request.Headers.IfNoneMatch))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        headers.ContentType = contentType;
        if (!StringValues.IsNullOrEmpty(variant.Encoding))
        {
            headers.ContentEncoding = variant.Encoding;
        }

        headers.ContentLength = variant.Body.Length;
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(variant.Body).AsTask();
    }

    private bool Matches(StringValues ifNoneMatch)
    {
        if (StringValues.IsNullOrEmpty(ifNoneMatch))
        {
            return false;
        }

        var value = ifNoneMatch.ToString();
        return value.Contains(identity.ETag.ToString(), StringComparison.Ordinal) ||
            (gzip is not null && value.Contains(gzip.ETag.ToString(), StringComparison.Ordinal)) ||
            (brotli is not null && value.Contains(brotli.ETag.ToString(), StringComparison.Ordinal)) ||
            value.Trim() == "*";
    }
}
