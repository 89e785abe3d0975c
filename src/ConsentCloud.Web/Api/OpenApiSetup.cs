namespace ConsentCloud.Web.Api;

public static class OpenApiSetup
{
    public const string DocumentPath = "/api/v1/openapi.json";

    public static WebApplicationBuilder AddManagementOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "ConsentCloud management API";
                document.Info.Description = "Agencies, members, API keys, sites and their banners. Authenticate with an Entra ID bearer token or an agency API key (X-Api-Key).";
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(OpenApiTransformers.DeclareRouteParameters);
            options.AddDocumentTransformer(OpenApiTransformers.RequireOnlyAlwaysPresentProperties);
        });
        return builder;
    }

    public static void MapManagementOpenApi(this WebApplication app) => app.MapOpenApi(DocumentPath);
}
