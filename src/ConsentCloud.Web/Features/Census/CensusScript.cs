using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ConsentCloud.Web.Features.Banners;

namespace ConsentCloud.Web.Features.Census;

/// <summary>
/// census.js (src/banner/src/census.ts, an ES module embedded at build time), held in memory pre-compressed. Its
/// <see cref="Version"/> (the first 12 hex digits of its SHA-256) is part of its URL, so that URL is immutable: cached
/// for a year. An older version's URL (a banner cached before a deployment)
/// gets the current code, cached briefly.
/// </summary>
public static class CensusScript
{
    public const string ResourceName = "ConsentCloud.Census.js";
    public const string ImmutableCaching = "public, max-age=31536000, immutable";
    public const string ShortCaching = "public, max-age=300";

    private static readonly Lazy<(CachedFile File, string Version)> Loaded = new(Load);

    public static string Version => Loaded.Value.Version;

    internal static CachedFile File => Loaded.Value.File;

    /// <summary>
    /// The line appended to a site's banner.js when its census is on (<paramref name="rate"/>, 0–1; "" when off): on
    /// that share of page views, once the banner has started, it imports census.js by an absolute URL made from
    /// banner.js's own (…/v1/sites/{siteKey}/banner.js → …/census/{version}.js): Chromium resolves a relative import()
    /// of a cross-origin classic script (no crossorigin attribute) against about:blank, so it never loads. It carries its nonce
    /// (CSP) and is fetched with CORS (public files allow any origin); the same URL twice is evaluated once. Appended
    /// by the server, it costs the banner bundle (and its size budget) nothing, and sites without the census nothing.
    /// </summary>
    public static string Loader(double? rate) => rate is > 0 and <= 1
        ? string.Create(CultureInfo.InvariantCulture, $"\n;(function(s){{window.ConsentCloud&&s&&Math.random()<{rate.Value:R}&&import(new URL(\"census/{Version}.js\",s.src).href).catch(function(){{}})}})(document.currentScript);\n")
        : "";

    /// <summary>The composed banner with the loader after it.</summary>
    public static byte[] Append(byte[] script, string loader)
    {
        if (loader.Length == 0)
        {
            return script;
        }

        var extra = Encoding.UTF8.GetBytes(loader);
        var output = new byte[script.Length + extra.Length];
        script.CopyTo(output, 0);
        extra.CopyTo(output, script.Length);
        return output;
    }

    private static (CachedFile, string) Load()
    {
        using var stream = typeof(CensusScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded: build src/banner (npm run build).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        var version = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
        return (CachedFile.Create(bytes, "text/javascript; charset=utf-8", default, $"\"c{version}\""), version);
    }
}
