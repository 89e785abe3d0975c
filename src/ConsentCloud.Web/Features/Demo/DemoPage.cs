using System.Net;
using ConsentCloud.Web.Features.Policies.Texts;

namespace ConsentCloud.Web.Features.Demo;

/// <summary>
/// Local runs only: a page of the demo bakery's website with the one script tag, scripts held back until consent and
/// an embedded video, so a newcomer sees the banner work. Not mapped outside Development.
/// </summary>
public static class DemoPage
{
    public const string Path = "/demo";

    public static void MapDemoPage(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            app.MapGet(Path, (string? lang) => TypedResults.Content(Html(lang is "da" or "nb" or "sv" or "fi" or "en" ? lang : "da"), "text/html; charset=utf-8"))
                .ExcludeFromDescription();
        }
    }

    private static readonly string SiteKeyHtml = WebUtility.HtmlEncode(DemoSeed.Site.Value);

    private static string Html(string lang) => $$"""
        <!doctype html>
        <html lang="{{lang}}">
        <head>
          <script src="/v1/sites/{{SiteKeyHtml}}/banner.js"></script>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Bageriet Hansen (ConsentCloud demo)</title>
          <style>
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1f2933; }
            .status { padding: .5rem .75rem; border-radius: .4rem; background: #f1f5f9; margin: .5rem 0; }
            .ran { background: #dcfce7; }
            iframe { border: 0; width: 100%; aspect-ratio: 16 / 9; background: #e5e7eb; }
            nav a { margin-right: .75rem; }
          </style>
        </head>
        <body>
          <nav aria-label="Language">
            <a href="?lang=da">Dansk</a><a href="?lang=nb">Norsk</a><a href="?lang=sv">Svenska</a><a href="?lang=fi">Suomi</a><a href="?lang=en">English</a>
          </nav>
          <h1>Bageriet Hansen</h1>
          <p>This is a demo page of a client website. Its only ConsentCloud code is the script tag first in its head.
             The scripts below are marked <code>type="text/plain" data-category="…"</code> and run only after consent.</p>
          <p id="statistics" class="status">Statistics script (Google Analytics stand-in): not run.</p>
          <p id="marketing" class="status">Marketing script (Meta Pixel stand-in): not run.</p>
          <script type="text/plain" data-category="statistics" data-service="google-analytics">
            var s = document.getElementById('statistics'); s.textContent = 'Statistics script: ran after consent.'; s.className = 'status ran';
          </script>
          <script type="text/plain" data-category="marketing" data-service="meta-pixel">
            var m = document.getElementById('marketing'); m.textContent = 'Marketing script: ran after consent.'; m.className = 'status ran';
          </script>
          <h2>Our baking video</h2>
          <iframe data-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" data-category="marketing" data-service="youtube" title="Baking video"></iframe>
          <footer>
            <p><button type="button" data-cc-open>Cookie settings</button></p>
            <nav aria-label="Policies">
              <a href="/p/{{SiteKeyHtml}}/privacy?lang={{lang}}">{{WebUtility.HtmlEncode(PolicyTexts.Get(lang, "privacy.title"))}}</a>
              <a href="/p/{{SiteKeyHtml}}/cookies?lang={{lang}}">{{WebUtility.HtmlEncode(PolicyTexts.Get(lang, "cookies.title"))}}</a>
            </nav>
          </footer>
        </body>
        </html>
        """;
}
