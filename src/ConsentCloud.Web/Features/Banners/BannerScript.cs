using System.Security.Cryptography;
using System.Text;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// The banner's code (src/banner, built by esbuild and embedded in this assembly at build time) and its composition
/// with a site's configuration into the one file a website loads: the bundle holds the identifier
/// <see cref="Placeholder"/> exactly once, where the configuration JSON goes.
/// </summary>
public static class BannerScript
{
    public const string Placeholder = "__CONSENTCLOUD_CONFIG__";
    private const string ResourceName = "ConsentCloud.Banner.js";

    private static readonly Lazy<(string Before, string After, string Hash)> Parts = new(Load);

    /// <summary>A short hash of the banner code: part of banner.js's ETag, so a new deployment changes it.</summary>
    public static string CodeHash => Parts.Value.Hash;

    public static byte[] Compose(ReadOnlySpan<byte> configJson)
    {
        var (before, after, _) = Parts.Value;
        var output = new byte[Encoding.UTF8.GetByteCount(before) + configJson.Length + Encoding.UTF8.GetByteCount(after)];
        var at = Encoding.UTF8.GetBytes(before, output);
        configJson.CopyTo(output.AsSpan(at));
        Encoding.UTF8.GetBytes(after, output.AsSpan(at + configJson.Length));
        return output;
    }

    private static (string, string, string) Load()
    {
        using var stream = typeof(BannerScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The banner bundle ({ResourceName}) is not embedded: build src/banner (npm run build).");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var code = reader.ReadToEnd();
        var at = code.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0 || code.IndexOf(Placeholder, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"The banner bundle must contain {Placeholder} exactly once.");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)))[..12];
        return (code[..at], code[(at + Placeholder.Length)..], hash);
    }
}
