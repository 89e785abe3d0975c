namespace ConsentCloud.Web.Features.Portal;

/// <summary>The onboarding wizard's UI strings (WizardText.resx, English), apart from PortalText to keep features apart.</summary>
public sealed class WizardText;
