using System.Globalization;
using System.Web;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// Table Shared Key Lite: <c>Authorization: SharedKeyLite account:Base64(HMAC-SHA256(key, x-ms-date + "\n" + resource))</c>
/// where resource is <c>/account</c> + the request's escaped path (+ <c>?comp=...</c>). With Azurite's path-style URLs
/// the account appears twice (<c>/devstoreaccount1/devstoreaccount1/Tables</c>). Runs per retry, so each attempt is re-dated.
/// </summary>
internal sealed class TableSharedKeyLitePolicy(StorageSharedKeyCredential credential, TimeProvider time) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var date = time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        message.Request.Headers.SetValue("x-ms-date", date);
        var signature = credential.ComputeSignature(StringToSign(credential.AccountName, date, message.Request.Uri.ToUri()));
        message.Request.Headers.SetValue("Authorization", $"SharedKeyLite {credential.AccountName}:{signature}");
    }

    internal static string StringToSign(string accountName, string date, Uri uri)
    {
        var resource = "/" + accountName + uri.AbsolutePath;
        var comp = HttpUtility.ParseQueryString(uri.Query)["comp"];
        return date + "\n" + resource + (comp is null ? string.Empty : "?comp=" + comp);
    }
}
