using System.Security.Cryptography;
using System.Text;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// A storage account name and its access key. The key never leaves this class: it only signs strings.
/// </summary>
public sealed class StorageSharedKeyCredential
{
    private readonly byte[] _key;

    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            // The message must not echo the key.
            throw new FormatException("The storage account key is not valid base64.");
        }
    }

    public string AccountName { get; }

    /// <summary>Base64(HMAC-SHA256(key, UTF8(stringToSign))), the signature of every Shared Key scheme.</summary>
    internal string ComputeSignature(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
}
