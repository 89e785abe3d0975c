namespace ConsentCloud.Web.Features.Scanning;

/// <summary>
/// A site's robots.txt as the scanner reads it: the group for <c>ConsentCloudScanner</c> if there is one, else the
/// one for <c>*</c>; Allow and Disallow path prefixes, the longest match deciding (Allow on a tie, as RFC 9309 says);
/// and the Sitemap lines. No robots.txt (or an unreadable one) allows everything.
/// </summary>
public sealed class RobotsRules
{
    public const int MaxRules = 500;

    private readonly List<(string Prefix, bool Allow)> rules;

    private RobotsRules(List<(string, bool)> rules, List<string> sitemaps)
    {
        this.rules = rules;
        Sitemaps = sitemaps;
    }

    public static RobotsRules AllowAll { get; } = new([], []);

    public IReadOnlyList<string> Sitemaps { get; }

    public static RobotsRules Parse(string text)
    {
        var groups = new Dictionary<string, List<(string, bool)>>(StringComparer.OrdinalIgnoreCase);
        var sitemaps = new List<string>();
        List<string> agents = [];
        var inRules = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = (raw.Contains('#', StringComparison.Ordinal) ? raw[..raw.IndexOf('#', StringComparison.Ordinal)] : raw).Trim();
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var field = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (field)
            {
                case "user-agent":
                    if (inRules)
                    {
                        agents = [];
                        inRules = false;
                    }

                    agents.Add(value.ToLowerInvariant());
                    break;
                case "allow" or "disallow":
                    inRules = true;
                    if (value.Length == 0)
                    {
                        break; // "Disallow:" allows everything
                    }

                    foreach (var agent in agents)
                    {
                        var list = groups.TryGetValue(agent, out var found) ? found : groups[agent] = [];
                        if (list.Count < MaxRules)
                        {
                            list.Add((value.TrimEnd('*'), field == "allow"));
                        }
                    }

                    break;
                case "sitemap" when sitemaps.Count < 10:
                    sitemaps.Add(value);
                    break;
            }
        }

        var mine = groups.FirstOrDefault(g => g.Key != "*" && SiteFetcher.UserAgent.Contains(g.Key, StringComparison.OrdinalIgnoreCase)).Value
            ?? groups.GetValueOrDefault("*")
            ?? [];
        return new RobotsRules(mine, sitemaps);
    }

    /// <summary>Whether the path (and query) may be fetched.</summary>
    public bool Allows(string pathAndQuery)
    {
        var best = -1;
        var allow = true;
        foreach (var (prefix, isAllow) in rules)
        {
            if (pathAndQuery.StartsWith(prefix, StringComparison.Ordinal) && (prefix.Length > best || (prefix.Length == best && isAllow)))
            {
                best = prefix.Length;
                allow = isAllow;
            }
        }

        return allow;
    }
}
