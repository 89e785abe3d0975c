namespace ConsentCloud.Web.Features.Catalogue;

public static class CatalogueSetup
{
    /// <summary>Reads and checks the catalogue now, so a broken entry fails the start, not a customer's request.</summary>
    public static WebApplicationBuilder AddCatalogue(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(ServiceCatalogue.Builtin);
        builder.Services.AddSingleton<DraftServices>();
        return builder;
    }
}
