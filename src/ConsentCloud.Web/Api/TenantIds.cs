namespace ConsentCloud.Web.Api;

/// <summary>The agency is the tenant boundary: every management storage call takes one.</summary>
public readonly record struct AgencyId(string Value)
{
    public static bool TryParse(string? value, out AgencyId id)
    {
        id = Ids.IsValid(value) ? new AgencyId(value!) : default;
        return id.Value is not null;
    }

    public static AgencyId New() => new(Ids.New());

    public override string ToString() => Value;
}

/// <summary>A site's public key: in the banner's script URL, in routes, and the site's row key.</summary>
public readonly record struct SiteKey(string Value)
{
    public static bool TryParse(string? value, out SiteKey key)
    {
        key = Ids.IsValid(value) ? new SiteKey(value!) : default;
        return key.Value is not null;
    }

    public static SiteKey New() => new(Ids.New());

    public override string ToString() => Value;
}
