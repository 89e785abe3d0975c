namespace ConsentCloud.Web.Features.Scanning;

/// <summary>
/// The scan panel's words (ScanText.resx, English, and ScanText.{da,nb,sv,fi}.resx), written for the project, read
/// through IStringLocalizer in the request's UI culture.
/// </summary>
public sealed class ScanText;
