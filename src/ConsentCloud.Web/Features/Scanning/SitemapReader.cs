using System.Xml;

namespace ConsentCloud.Web.Features.Scanning;

/// <summary>The page addresses of a sitemap.xml, or (a sitemap index) the addresses of its sitemaps. No DTDs, no entities.</summary>
public static class SitemapReader
{
    public const int MaxEntries = 1000;

    public static (bool IsIndex, IReadOnlyList<string> Locations) Read(string xml)
    {
        var locations = new List<string>();
        var isIndex = false;
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.Read() && locations.Count < MaxEntries)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.Depth == 0)
                {
                    isIndex = reader.LocalName == "sitemapindex";
                }
                else if (reader.LocalName == "loc")
                {
                    var value = reader.ReadElementContentAsString().Trim();
                    if (value.Length > 0)
                    {
                        locations.Add(value);
                    }
                }
            }
        }
        catch (XmlException)
        {
            // A broken sitemap: what was read before the error is used.
        }

        return (isIndex, locations);
    }
}
