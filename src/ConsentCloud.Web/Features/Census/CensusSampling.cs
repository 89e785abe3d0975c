namespace ConsentCloud.Web.Features.Census;

/// <summary>
/// The census sampling rate: a percentage in the draft (<see cref="Banners.BannerConfig.CensusPercent"/>, 0–100, 1 by
/// default), a fraction in the published configuration ("census": 0.01; absent = off), which the banner compares with
/// Math.random() on each page view that is not a preview.
/// </summary>
public static class CensusSampling
{
    public const double DefaultPercent = 1;

    /// <summary>The published fraction, or null (absent: off) for 0 %.</summary>
    public static double? Published(double percent) =>
        percent > 0 && percent <= 100 ? Math.Round(percent / 100, 6) : null;
}
