using Azure.Core;

namespace ConsentCloud.Web.Storage;

/// <summary>Table service protocol constants: version, OData headers, the MERGE verb.</summary>
internal static class TableProtocol
{
    public const string ServiceVersion = "2019-02-02";

    /// <summary>Minimal metadata keeps the <c>@odata.type</c> annotations that restore Int64, DateTime, Guid and Binary.</summary>
    public const string AcceptJson = "application/json;odata=minimalmetadata";

    public static readonly RequestMethod Merge = new("MERGE");

    public static readonly IReadOnlyList<KeyValuePair<string, string>> Headers =
    [
        new("x-ms-version", ServiceVersion),
        new("DataServiceVersion", "3.0;NetFx"),
        new("MaxDataServiceVersion", "3.0;NetFx"),
        new("Accept", AcceptJson),
    ];

    public static void SetJson(Request request, byte[] json)
    {
        request.Headers.SetValue("Content-Type", "application/json");
        request.Content = RequestContent.Create(json);
    }
}
