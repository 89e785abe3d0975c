using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Billing;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// Where Stripe Checkout returns after payment. It says only what ConsentCloud knows: the subscription is active once
/// Stripe's webhook has said so, not because the browser came back here (the session id in the URL is not trusted).
/// </summary>
[AgencyPage(AgencyRole.Member)]
public sealed class BillingSuccessModel(AgencyStanding standing) : PortalPageModel
{
    public BillingStanding Standing { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Standing = await standing.GetAsync(Portal.Agency, ct);
}
