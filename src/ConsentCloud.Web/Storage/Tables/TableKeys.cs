using System.Text;

namespace ConsentCloud.Web.Storage;

/// <summary>Client-side checks of table names and entity keys, and their encoding in request paths.</summary>
internal static class TableKeys
{
    private const int MaxKeyBytes = 1024;

    /// <summary>Table names: a letter, then letters or digits, 3 to 63 characters in all.</summary>
    public static void ValidateTableName(string tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        if (tableName.Length is < 3 or > 63 || !char.IsAsciiLetter(tableName[0]) || !tableName.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException(
                $"Table name '{tableName}' is invalid: use 3-63 ASCII letters or digits, starting with a letter.", nameof(tableName));
        }
    }

    /// <summary>
    /// Keys may be empty but not contain <c>/ \ # ?</c> or control characters (U+0000–U+001F, U+007F–U+009F),
    /// and are at most 1 KiB (UTF-8).
    /// </summary>
    public static void ValidateKey(string? key, string paramName)
    {
        if (key is null)
        {
            throw new ArgumentNullException(paramName, $"{paramName} is required.");
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F')
            {
                throw new ArgumentException($"{paramName} contains a character not allowed in table keys (/ \\ # ? or a control character).", paramName);
            }
        }

        if (Encoding.UTF8.GetByteCount(key) > MaxKeyBytes)
        {
            throw new ArgumentException($"{paramName} is longer than 1 KiB.", paramName);
        }
    }

    public static void ValidateKeys(ITableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ValidateKey(entity.PartitionKey, nameof(entity.PartitionKey));
        ValidateKey(entity.RowKey, nameof(entity.RowKey));
    }

    /// <summary><c>(PartitionKey='p',RowKey='r')</c> with quotes doubled and the values URL-encoded.</summary>
    public static string KeySegment(string partitionKey, string rowKey)
    {
        ValidateKey(partitionKey, nameof(partitionKey));
        ValidateKey(rowKey, nameof(rowKey));
        return $"(PartitionKey='{Encode(partitionKey)}',RowKey='{Encode(rowKey)}')";
    }

    private static string Encode(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));
}
