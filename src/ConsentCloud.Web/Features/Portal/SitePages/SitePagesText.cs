namespace ConsentCloud.Web.Features.Portal.SitePages;

/// <summary>The running-sites pages' UI strings (SitePagesText.resx, English; SitePagesText.{culture}.resx for more).</summary>
public sealed class SitePagesText;
