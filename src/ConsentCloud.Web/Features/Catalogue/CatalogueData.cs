using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsentCloud.Web.Api;

namespace ConsentCloud.Web.Features.Catalogue;

/// <summary>
/// Reads the built-in catalogue from the assembly: catalogue.json (the services) and catalogue.purposes.json (cookie
/// purposes shared by many cookies, by key). A cookie's "purpose" in catalogue.json names a key there, and is
/// replaced by its texts, so every cookie ends up with its purpose in every language.
/// </summary>
internal static class CatalogueData
{
    public const string ServicesResource = "ConsentCloud.Catalogue.json";
    public const string PurposesResource = "ConsentCloud.Catalogue.Purposes.json";

    internal static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions();
        ApiDefaults.Configure(options);
        return options;
    }

    public static IReadOnlyList<CatalogueService> Load()
    {
        var purposes = Parse(PurposesResource).AsObject();
        var services = Parse(ServicesResource).AsArray();
        foreach (var cookie in services.SelectMany(s => s!["cookies"]!.AsArray()))
        {
            var key = cookie!["purpose"]?.GetValue<string>() ?? throw new InvalidDataException($"The catalogue cookie {cookie["name"]} has no purpose key.");
            cookie["purpose"] = purposes[key]?.DeepClone() ?? throw new InvalidDataException($"The catalogue cookie {cookie["name"]} names the unknown purpose '{key}'.");
        }

        return services.Deserialize<List<CatalogueService>>(Json) ?? throw new InvalidDataException("The catalogue is empty.");
    }

    private static JsonNode Parse(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidDataException($"The resource {resource} is not embedded in the app.");
        return JsonNode.Parse(stream) ?? throw new InvalidDataException($"The resource {resource} is empty.");
    }
}
