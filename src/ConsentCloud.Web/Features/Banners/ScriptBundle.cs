using System.Security.Cryptography;
using System.Text;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// A script built from src/banner (esbuild) and embedded in this assembly at build time, composed with a site's
/// published configuration into the one file a website loads: the bundle holds the identifier
/// <see cref="Placeholder"/> exactly once, where the configuration JSON goes.
/// </summary>
public sealed class ScriptBundle(string resourceName)
{
    public const string Placeholder = "__CONSENTCLOUD_CONFIG__";

    /// <summary>The banner (banner.js) and the cookie declaration embed (declaration.js).</summary>
    public static ScriptBundle Banner { get; } = new("ConsentCloud.Banner.js");
    public static ScriptBundle Declaration { get; } = new("ConsentCloud.Declaration.js");

    private readonly Lazy<(string Before, string After, string Hash)> parts = new(() => Load(resourceName));

    /// <summary>A short hash of the code: part of the composed file's ETag, so a new deployment changes it.</summary>
    public string CodeHash => parts.Value.Hash;

    public byte[] Compose(ReadOnlySpan<byte> configJson)
    {
        var (before, after, _) = parts.Value;
        var output = new byte[Encoding.UTF8.GetByteCount(before) + configJson.Length + Encoding.UTF8.GetByteCount(after)];
        var at = Encoding.UTF8.GetBytes(before, output);
        configJson.CopyTo(output.AsSpan(at));
        Encoding.UTF8.GetBytes(after, output.AsSpan(at + configJson.Length));
        return output;
    }

    private static (string, string, string) Load(string resourceName)
    {
        using var stream = typeof(ScriptBundle).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The script bundle {resourceName} is not embedded: build src/banner (npm run build).");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var code = reader.ReadToEnd();
        var at = code.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0 || code.IndexOf(Placeholder, at + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"The script bundle {resourceName} must contain {Placeholder} exactly once.");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)))[..12];
        return (code[..at], code[(at + Placeholder.Length)..], hash);
    }
}
