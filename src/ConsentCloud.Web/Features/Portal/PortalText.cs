namespace ConsentCloud.Web.Features.Portal;

/// <summary>The portal's UI strings (PortalText.resx, English; PortalText.{culture}.resx for more languages).</summary>
public sealed class PortalText;
