using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace ConsentCloud.Web.Features.Reports;

/// <summary>
/// The statistics as server-rendered SVG (no script, no library): daily decisions as bars stacked by method, with a
/// title and description for screen readers and a tooltip per day; and the same numbers as an HTML table, the chart's
/// text alternative. Both return markup to embed in a page as is; every text in them is encoded.
/// </summary>
public static class StatisticsChart
{
    private const int Width = 720;
    private const int Height = 260;
    private const int Left = 48;
    private const int Right = 12;
    private const int Top = 16;
    private const int Bottom = 56;

    /// <summary>Methods in stacking order, with their colours (distinguishable in greyscale too) and labels.</summary>
    private static readonly (string Method, string Colour, string Label)[] Methods =
    [
        ("acceptAll", "#1b7837", "Accept all"),
        ("custom", "#5aae61", "Custom"),
        ("rejectAll", "#762a83", "Reject all"),
        ("gpc", "#9970ab", "Global Privacy Control"),
        ("withdraw", "#c2a5cf", "Withdrawn"),
    ];

    /// <summary>The chart; <paramref name="idPrefix"/> keeps its element ids unique when a page shows more than one.</summary>
    public static string Svg(StatisticsReport report, string idPrefix = "stats")
    {
        var html = HtmlEncoder.Default;
        var id = html.Encode(idPrefix);
        var days = report.Days;
        var max = NiceMax(days.Count == 0 ? 0 : days.Max(d => d.Decisions));
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var slot = days.Count == 0 ? plotWidth : (double)plotWidth / days.Count;
        var bar = Math.Max(1, slot * 0.8);
        var svg = new StringBuilder(4096 + days.Count * 400);
        var title = $"Consent decisions per day, {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}";
        var desc = $"{report.Totals.Decisions.ToString("N0", CultureInfo.InvariantCulture)} decisions in {days.Count} days; " +
                   string.Join(", ", Methods.Select(m => $"{m.Label}: {report.Totals.ByMethod.GetValueOrDefault(m.Method).ToString("N0", CultureInfo.InvariantCulture)}")) + ".";
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {Width} {Height}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif" font-size="11">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{id}-title">{html.Encode(title)}</title><desc id="{id}-desc">{html.Encode(desc)}</desc>""");

        // Grid and y axis: 0, half, max.
        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var y = Top + plotHeight * (1 - fraction);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Width - Right}" y1="{y:0.#}" y2="{y:0.#}" stroke="#ccc" stroke-width="1"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{y + 4:0.#}" text-anchor="end" fill="#333">{(long)(max * fraction):N0}</text>""");
        }

        for (var i = 0; i < days.Count; i++)
        {
            var day = days[i];
            var x = Left + i * slot + (slot - bar) / 2;
            var y = (double)Top + plotHeight;
            var tip = $"{day.Day:yyyy-MM-dd}: {day.Decisions:N0} decisions" + string.Concat(Methods.Where(m => day.ByMethod.GetValueOrDefault(m.Method) > 0)
                .Select(m => $", {m.Label} {day.ByMethod[m.Method]:N0}"));
            svg.Append(CultureInfo.InvariantCulture, $"""<g><title>{html.Encode(tip)}</title>""");
            foreach (var (method, colour, _) in Methods)
            {
                var count = day.ByMethod.GetValueOrDefault(method);
                if (count > 0 && max > 0)
                {
                    var h = plotHeight * count / (double)max;
                    y -= h;
                    svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{x:0.##}" y="{y:0.##}" width="{bar:0.##}" height="{h:0.##}" fill="{colour}"/>""");
                }
            }

            svg.Append("</g>");
        }

        // X axis: first, middle and last day.
        foreach (var i in new[] { 0, days.Count / 2, days.Count - 1 }.Where(i => i >= 0).Distinct())
        {
            var x = Left + i * slot + slot / 2;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x:0.#}" y="{Top + plotHeight + 16}" text-anchor="middle" fill="#333">{days[i].Day:yyyy-MM-dd}</text>""");
        }

        // Legend.
        var lx = (double)Left;
        foreach (var (_, colour, label) in Methods)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{lx:0.#}" y="{Height - 18}" width="10" height="10" fill="{colour}"/><text x="{lx + 14:0.#}" y="{Height - 9}" fill="#333">{html.Encode(label)}</text>""");
            lx += 24 + label.Length * 6.2;
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The chart's numbers as a table: one row per day, then the totals; grant rates per category.</summary>
    public static string Table(StatisticsReport report)
    {
        var html = HtmlEncoder.Default;
        var categories = report.Totals.Categories.Keys.ToList();
        var table = new StringBuilder(2048 + report.Days.Count * 300);
        table.Append(CultureInfo.InvariantCulture, $"<table class=\"statistics\"><caption>{html.Encode($"Consent decisions per day, {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}")}</caption><thead><tr><th scope=\"col\">Day</th><th scope=\"col\">Decisions</th>");
        foreach (var (_, _, label) in Methods)
        {
            table.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{html.Encode(label)}</th>");
        }

        foreach (var category in categories)
        {
            table.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{html.Encode(category)} granted</th>");
        }

        table.Append("</tr></thead><tbody>");
        foreach (var day in report.Days)
        {
            Row(table, day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day, categories, html);
        }

        table.Append("</tbody><tfoot>");
        Row(table, "Total", report.Totals, categories, html);
        table.Append("</tfoot></table>");
        return table.ToString();
    }

    private static void Row(StringBuilder table, string label, DailyStatistics day, List<string> categories, HtmlEncoder html)
    {
        table.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{html.Encode(label)}</th><td>{day.Decisions:N0}</td>");
        foreach (var (method, _, _) in Methods)
        {
            table.Append(CultureInfo.InvariantCulture, $"<td>{day.ByMethod.GetValueOrDefault(method):N0}</td>");
        }

        foreach (var category in categories)
        {
            var rate = day.Categories.GetValueOrDefault(category)?.GrantRate;
            table.Append(rate is { } r ? string.Create(CultureInfo.InvariantCulture, $"<td>{r * 100:0.0}%</td>") : "<td>–</td>");
        }

        table.Append("</tr>");
    }

    /// <summary>The axis maximum: the largest count rounded up to 1, 2 or 5 × 10ⁿ (at least 1).</summary>
    public static long NiceMax(long largest)
    {
        if (largest <= 1)
        {
            return 1;
        }

        var magnitude = (long)Math.Pow(10, Math.Floor(Math.Log10(largest)));
        foreach (var step in new[] { 1, 2, 5, 10 })
        {
            if (step * magnitude >= largest)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }
}
