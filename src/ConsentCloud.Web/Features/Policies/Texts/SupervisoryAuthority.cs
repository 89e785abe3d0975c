namespace ConsentCloud.Web.Features.Policies.Texts;

/// <summary>A data protection supervisory authority as a policy page shows it: official name, postal address, web site, e-mail.</summary>
public sealed record SupervisoryAuthority(string Name, string Address, Uri Website, string Email);
