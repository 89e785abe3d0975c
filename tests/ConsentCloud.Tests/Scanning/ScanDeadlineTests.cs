namespace ConsentCloud.Tests.Scanning;

/// <summary>The sample websites with a scan deadline (5 s) shorter than one request's timeout (10 s).</summary>
public sealed class ShortDeadlineScanApp : ScanApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        base.Settings().Append(new("Scanning:ScanTimeoutSeconds", "5"));
}

public sealed class ScanDeadlineTests(ShortDeadlineScanApp app) : IClassFixture<ShortDeadlineScanApp>
{
    [Fact]
    public async Task AScanWhoseDeadlineRunsOutBeforeTheHomePageAnswersFailsWithTimeoutInsteadOfStayingRunning()
    {
        var gate = app.CloseSlowGate();
        var (agency, siteKey) = await app.SiteAsync(ScanApp.SlowDomain);

        var scan = await app.ScanAsync(agency, siteKey);

        gate.TrySetResult();
        Assert.Equal("failed", scan.GetProperty("status").GetString());
        Assert.Equal("timeout", scan.GetProperty("errorReason").GetString());
    }
}
