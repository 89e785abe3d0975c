using ConsentCloud.Web.Features.Agencies;
using ConsentCloud.Web.Features.Billing;
using ConsentCloud.Web.Features.Reports;
using ConsentCloud.Web.Features.Sites;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ConsentCloud.Web.Features.Portal.Pages;

/// <summary>
/// The agency's plan, standing and usage (every staff member may look: it explains a lock), and for Owners the way to
/// pay: a Stripe Checkout Session for a plan (the customer is created on first use and remembered), or Stripe's
/// Billing Portal once subscribed (plan changes, payment details, invoices, cancelling). Nothing here changes the
/// subscription itself: only Stripe's webhooks do.
/// </summary>
[AgencyPage(AgencyRole.Member)]
[AllowedWhenLapsed]
public sealed partial class BillingModel(
    AgencyStanding standing, PlanCatalog plans, SubscriptionStore subscriptions, Stripe.StripeClient stripe, IOptions<StripeOptions> stripeOptions,
    SiteStore sites, StatisticsStore statistics, IOptions<PortalOptions> portal, TimeProvider clock, ILogger<BillingModel> logger) : PortalPageModel
{
    public BillingStanding Standing { get; private set; } = null!;

    public IReadOnlyList<Plan> Plans => plans.Paid;

    public int SitesUsed { get; private set; }

    /// <summary>Decisions since the start of the current usage period (<see cref="Period"/>), all the agency's sites.</summary>
    public long DecisionsThisMonth { get; private set; }

    public UsagePeriod Period { get; private set; }

    /// <summary>A sentence for the person when Stripe could not be reached or billing is not set up.</summary>
    public string? Error { get; private set; }

    public bool CanPay => Portal.Role >= AgencyRole.Owner;

    public bool StripeReady => stripeOptions.Value.IsConfigured && plans.MeteredPriceId is not null;

    public bool CanManage => CanPay && Standing.Subscription?.CustomerId is not null && stripeOptions.Value.IsConfigured;

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    [HandlerRole(AgencyRole.Owner)]
    public async Task<IActionResult> OnPostSubscribeAsync(string? plan, CancellationToken ct)
    {
        await LoadAsync(ct);
        var chosen = plans.Find(plan);
        if (chosen is null)
        {
            return Refuse(StatusCodes.Status400BadRequest, "Choose one of the plans below.");
        }

        if (Standing.IsSubscribed)
        {
            return Refuse(StatusCodes.Status409Conflict, "The agency already has a subscription. Change its plan with Manage billing.");
        }

        if (!StripeReady || chosen.PriceId is null)
        {
            return Refuse(StatusCodes.Status503ServiceUnavailable, "Payments are not set up on this ConsentCloud installation yet. Nothing was charged.");
        }

        var agencyId = Portal.Agency.Id.Value;
        var customerId = Standing.Subscription?.CustomerId;
        try
        {
            if (customerId is null)
            {
                // One customer per agency: the idempotency key makes a double click (or two Owners at once) one customer.
                var customer = await stripe.V1.Customers.CreateAsync(new Stripe.CustomerCreateOptions
                {
                    Email = Portal.User.Email,
                    Name = Portal.Agency.Name,
                    Metadata = new() { ["agency_id"] = agencyId },
                }, new Stripe.RequestOptions { IdempotencyKey = "customer-" + agencyId }, ct);
                await subscriptions.RememberCustomerAsync(Portal.Agency.Id, customer.Id, ct);
                customerId = (await subscriptions.GetAsync(Portal.Agency.Id, ct))?.CustomerId ?? customer.Id;
            }

            // The plan's price with quantity 1 and the metered price without one; the agency as client_reference_id
            // and, with the plan's name, as the subscription's metadata, which every later subscription event carries.
            var origin = portal.Value.Origin(HttpContext);
            var session = await stripe.V1.Checkout.Sessions.CreateAsync(new Stripe.Checkout.SessionCreateOptions
            {
                Mode = "subscription",
                Customer = customerId,
                ClientReferenceId = agencyId,
                LineItems =
                [
                    new() { Price = chosen.PriceId, Quantity = 1 },
                    new() { Price = plans.MeteredPriceId },
                ],
                SuccessUrl = origin + PortalPaths.BillingSuccess(agencyId) + "?session_id={CHECKOUT_SESSION_ID}",
                CancelUrl = origin + PortalPaths.BillingCanceled(agencyId),
                SubscriptionData = new() { Metadata = new() { ["agency_id"] = agencyId, ["plan"] = chosen.Name } },
            }, new Stripe.RequestOptions { IdempotencyKey = $"checkout-{agencyId}-{Guid.NewGuid():N}" }, ct);
            if (session.Url is not { Length: > 0 } url)
            {
                return StripeFailed(new StripeFailure(200, "no_checkout_url", null));
            }

            AllowStripeRedirects();
            return Redirect(url);
        }
        catch (Exception e) when (StripeFailure.Of(e, ct) is { } failure)
        {
            return StripeFailed(failure);
        }
    }

    [HandlerRole(AgencyRole.Owner)]
    public async Task<IActionResult> OnPostManageAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (!CanManage)
        {
            return Refuse(StatusCodes.Status409Conflict, "There is no Stripe customer for this agency yet: subscribe to a plan first.");
        }

        var agencyId = Portal.Agency.Id.Value;
        try
        {
            var session = await stripe.V1.BillingPortal.Sessions.CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
            {
                Customer = Standing.Subscription!.CustomerId!,
                ReturnUrl = portal.Value.Origin(HttpContext) + PortalPaths.Billing(agencyId),
            }, new Stripe.RequestOptions { IdempotencyKey = $"portal-{agencyId}-{Guid.NewGuid():N}" }, ct);
            AllowStripeRedirects();
            return Redirect(session.Url);
        }
        catch (Exception e) when (StripeFailure.Of(e, ct) is { } failure)
        {
            return StripeFailed(failure);
        }
    }

    private PageResult Refuse(int status, string error)
    {
        Response.StatusCode = status;
        Error = error;
        AllowStripeRedirects();
        return Page();
    }

    private PageResult StripeFailed(StripeFailure failure)
    {
        StripeCallFailed(logger, Portal.Agency.Id.Value, failure.Status, failure.Type, failure.Code);
        return Refuse(StatusCodes.Status502BadGateway, "Stripe could not be reached or refused the request. Nothing was charged; try again in a moment.");
    }

    /// <summary>The page's forms redirect to Stripe, and browsers hold a form's redirects to the CSP's form-action.</summary>
    private void AllowStripeRedirects()
    {
        var origins = string.Join(' ', stripeOptions.Value.RedirectOrigins);
        PortalSecurityHeaders.ReplacePolicy(HttpContext, (policy, _) => (policy.Replace("form-action ", $"form-action {origins} ", StringComparison.Ordinal), false));
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        AllowStripeRedirects();
        Standing = await standing.GetAsync(Portal.Agency, ct);
        var agencySites = await sites.ListAsync(Portal.Agency.Id, ct);
        SitesUsed = agencySites.Count(s => !s.IsDemo); // as the site limit counts them
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Period = UsagePeriod.For(Standing.IsSubscribed ? Standing.Subscription?.PeriodStart : null, today);
        var month = new ReportRange(Period.From, today);
        long decisions = 0;
        foreach (var site in agencySites)
        {
            decisions += (await statistics.ReadAsync(site.Key, month, ct)).Values.Sum(d => d.Total);
        }

        DecisionsThisMonth = decisions;
    }

    [LoggerMessage(1, LogLevel.Warning, "Stripe call for agency {Agency} failed: {Status} {Type} {Code}.")]
    private static partial void StripeCallFailed(ILogger logger, string agency, int status, string? type, string? code);
}
