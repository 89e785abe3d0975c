using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ConsentCloud.Tests.Consents;
using ConsentCloud.Tests.Infrastructure;
using ConsentCloud.Web.Features.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace ConsentCloud.Tests.Reports;

/// <summary>Decisions recorded through the public API the way the banner sends them, and the reports read back.</summary>
internal static class ReportTestKit
{
    public static readonly Dictionary<string, bool> Accepted = new() { ["necessary"] = true, ["preferences"] = true, ["statistics"] = true, ["marketing"] = true };
    public static readonly Dictionary<string, bool> Declined = new() { ["necessary"] = true };
    public static readonly Dictionary<string, bool> StatisticsOnly = new() { ["necessary"] = true, ["statistics"] = true };

    public static async Task<Guid> DecideAsync(TestApp app, string siteKey, string method, Dictionary<string, bool> choices, Guid? consentId = null, string? userAgent = null, string language = "da")
    {
        var id = consentId ?? Guid.NewGuid();
        var body = ConsentClient.Decision(id, method, choices);
        body["language"] = language;
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sites/{siteKey}/consents")
        {
            Content = new StringContent(JsonSerializer.Serialize(body, TestApp.Json), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", ConsentClient.Origin);
        request.Headers.Add("X-Forwarded-For", "203.0.113.77");
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent ?? "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0");
        var response = await app.CreateClient().SendAsync(request);
        response.EnsureSuccessStatusCode();
        return id;
    }

    public static string Day(TestApp app, int offset = 0) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A CSV download's lines (CRLF-separated, the BOM checked and removed).</summary>
    public static async Task<List<string>> CsvLinesAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "A CSV download starts with the UTF-8 byte-order mark.");
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return [.. text[..^2].Split("\r\n")];
    }

    public static async Task<List<JsonElement>> JsonLinesAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    public static Task FlushStatisticsAsync(TestApp app) => app.Services.GetRequiredService<StatisticsCounter>().FlushAsync(CancellationToken.None);

    public static async Task<JsonElement[]> AuditAsync(TestAgency agency) =>
        (await agency.Owner.GetFromJsonAsync<JsonElement[]>(agency.Path("/audit/downloads")))!;
}
