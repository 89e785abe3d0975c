using ConsentCloud.Web.Features.Agencies;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>Where Stripe Checkout returns when the person leaves it without paying: nothing changed.</summary>
[AgencyPage(AgencyRole.Member)]
public sealed class BillingCanceledModel : PortalPageModel
{
    public void OnGet()
    {
    }
}
