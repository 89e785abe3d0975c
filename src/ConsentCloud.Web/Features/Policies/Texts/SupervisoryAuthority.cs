namespace ConsentCloud.Web.Features.Policies.Texts;

/// <summary>A data protection supervisory authority as a policy page shows it: official name, postal address, web site, e-mail, phone.</summary>
/// <param name="Phone">The switchboard in international form ("+45 33 19 32 00"), shown as a tel: link.</param>
public sealed record SupervisoryAuthority(string Name, string Address, Uri Website, string Email, string Phone);
