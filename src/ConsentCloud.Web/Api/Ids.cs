using System.Security.Cryptography;

namespace ConsentCloud.Web.Api;

/// <summary>
/// Identifiers: 128 random bits in lower-case base32 (26 characters of a–z and 2–7). Unguessable, safe in a URL,
/// in a table key and in a blob name, and cheap to validate before anything reaches storage.
/// </summary>
public static class Ids
{
    public const int Length = 26;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base32(bytes);
    }

    public static string Base32(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[(bytes.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, index = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[index++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars[index] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars);
    }

    public static bool IsValid(string? value, int length = Length)
    {
        if (value is null || value.Length != length)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '2' and <= '7')))
            {
                return false;
            }
        }

        return true;
    }
}
