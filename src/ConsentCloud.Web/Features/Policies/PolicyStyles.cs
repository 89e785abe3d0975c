using System.Security.Cryptography;
using System.Text;

namespace ConsentCloud.Web.Features.Policies;

/// <summary>The policy pages' one stylesheet (screen and print), served from /p/assets/ so pages need no inline style.</summary>
public static class PolicyStyles
{
    public const string Css = """
        :root{color-scheme:light;--text:#1f2933;--muted:#52606d;--line:#d9e2ec;--accent:#1d4ed8;--bg:#fff;--soft:#f5f7fa}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--text);font:1rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        .skip{position:absolute;left:-999px;top:.5rem;background:var(--bg);padding:.4rem .7rem;z-index:1}
        .skip:focus{left:.5rem}
        .wrap{max-width:46rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
        header{border-bottom:1px solid var(--line);margin-bottom:1.5rem;padding-bottom:1rem;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;justify-content:space-between}
        nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .75rem}
        a{color:var(--accent);text-underline-offset:2px}
        a:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:2px}
        a[aria-current]{color:var(--text);font-weight:600;text-decoration:none}
        h1{font-size:2rem;line-height:1.2;margin:.5rem 0 1rem}
        h2{font-size:1.35rem;margin:2.25rem 0 .5rem;padding-top:.5rem;border-top:1px solid var(--line)}
        h3{font-size:1.1rem;margin:1.5rem 0 .4rem}
        h4,h5,h6{font-size:1rem;margin:1.25rem 0 .3rem}
        .meta,.muted{color:var(--muted);font-size:.9rem}
        .notice{background:#fff7e6;border:1px solid #f0b429;padding:.75rem 1rem;border-radius:.4rem;margin:0 0 1.5rem}
        address{font-style:normal}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
        dl.facts dt{font-weight:600}
        dl.facts dd{margin:0;min-width:0;overflow-wrap:anywhere}
        .service{border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;margin:.75rem 0;background:var(--soft)}
        .service h4{margin:0 0 .25rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem;background:var(--bg)}
        th,td{text-align:left;border:1px solid var(--line);padding:.35rem .5rem;vertical-align:top;overflow-wrap:anywhere}
        th{background:var(--soft)}
        caption{text-align:left;padding:.25rem 0}
        footer{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--line)}
        footer ul{padding-left:1.1rem}
        @media (max-width:30rem){h1{font-size:1.6rem}dl.facts{grid-template-columns:1fr}}
        @media print{nav,.versions,.powered{display:none}body{font-size:11pt}.wrap{max-width:none;padding:0}a{color:inherit}a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em}h2{break-after:avoid}.service,table{break-inside:avoid}}
        """;

    public static string Hash { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Css)))[..12];

    public static string Path => $"/p/assets/policy.{Hash}.css";
}
