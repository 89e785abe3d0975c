using System.Text.Json;
using System.Text.Json.Nodes;

namespace ConsentCloud.Web.Features.Banners;

/// <summary>
/// The banner sends every Consent Mode signal it finds in the configuration's mapping (src/banner/src/gcm.ts), so the
/// configuration it runs with names all seven (<see cref="ConsentModeConfig.Signals"/>): a signal a site left out of
/// its mapping is added with no category, which the banner sends as "denied", as it always did. Added at serve time,
/// like the banner's words, so documents published before need nothing; the banner then carries no list of its own.
/// </summary>
public static class ConsentModeSignals
{
    public static byte[] Complete(byte[] configJson)
    {
        if (JsonNode.Parse(configJson) is not JsonObject root || root["consentMode"]?["mapping"] is not JsonObject mapping)
        {
            return configJson;
        }

        var missing = ConsentModeConfig.Signals.Where(s => !mapping.ContainsKey(s)).ToList();
        if (missing.Count == 0)
        {
            return configJson;
        }

        foreach (var signal in missing)
        {
            mapping[signal] = new JsonArray();
        }

        return JsonSerializer.SerializeToUtf8Bytes(root, PublishedConfig.Json);
    }
}
