namespace ConsentCloud.Web.Features.Banners;

public static class BannerSetup
{
    public static WebApplicationBuilder AddBanners(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DraftStore>();
        builder.Services.AddSingleton<RevisionStore>();
        builder.Services.AddSingleton<PublicArtefacts>();
        builder.Services.AddSingleton<PublishedFileCache>();
        builder.Services.AddSingleton<PublishService>();
        return builder;
    }
}
