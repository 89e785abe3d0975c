namespace ConsentCloud.Web.Features.Policies.Texts;

public static partial class PolicyTexts
{
    /// <summary>Every key, in page order; each language has exactly these.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        // Page chrome
        "privacy.title", "cookies.title", "page.lastUpdated", "page.version", "page.versions", "page.viewingOld", "page.current",
        "page.language", "page.otherPolicy.privacy", "page.otherPolicy.cookies", "page.contents", "page.poweredBy",
        "page.skipToContent", "notFound.title", "notFound.body",

        // Privacy policy: controller and contact
        "privacy.intro", "controller.heading", "controller.body", "controller.address", "controller.email", "controller.phone",
        "controller.registrationNumber", "dpo.heading", "dpo.body",

        // Privacy policy: headings of the agency-written sections (section.{id} for each PolicySections id, plus retention)
        "section.purposes", "section.dataCollected", "section.recipients", "section.transfers", "section.security",
        "section.children", "section.other", "section.retention",

        // Privacy policy: legal bases, consent, rights, authority, changes
        "legalBasis.heading", "legalBasis.consent", "legalBasis.necessary", "legalBasis.proof", "legalBasis.other",
        "consent.heading", "consent.body", "consent.proof", "consent.retention", "consent.change", "consent.processor", "consent.gpc",
        "rights.heading", "rights.intro", "rights.access", "rights.rectification", "rights.erasure", "rights.restriction",
        "rights.objection", "rights.automated", "rights.portability", "rights.withdraw", "rights.complaint", "rights.contact",
        "authority.heading", "authority.body", "authority.other",
        "changes.heading", "changes.body",

        // Cookie policy
        "cookies.intro", "cookies.what", "cookies.consent",
        "cookies.law.dk", "cookies.law.no", "cookies.law.se", "cookies.law.fi", "cookies.law.de", "cookies.law.other", "cookies.law.rule",
        "cookies.categories", "cookies.necessaryNote", "cookies.noServices", "cookies.thirdParty", "cookies.change", "cookies.delete",
        "table.service", "table.provider", "table.purpose", "table.cookies", "table.name", "table.domain", "table.lifetime",
        "table.kind", "table.privacyPolicy",
        "kind.httpCookie", "kind.localStorage", "kind.sessionStorage", "kind.pixel",

        // Issue 17: effective date, company facts, the contact's title, headings of the agency-written cookie-page sections
        "page.effectiveFrom", "controller.website", "controller.organisationForm", "dpo.role",
        "section.cookieKinds", "section.webBeacons", "section.deletingCookies",
        // Cookie policy: cookie details (up-to lifetimes, unnamed cookies, the banner's own entry, exempt categories)
        "lifetime.upTo", "cookies.unnamed", "cookies.ownStorage", "cookies.exemptNote",
    ];
}
