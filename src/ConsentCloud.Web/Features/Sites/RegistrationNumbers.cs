namespace ConsentCloud.Web.Features.Sites;

/// <summary>
/// Company registration numbers, checked with each country's checksum: Danish CVR (mod 11), Norwegian
/// organisasjonsnummer (mod 11), Swedish organisationsnummer (Luhn) and Finnish Y-tunnus (mod 11).
/// </summary>
public static class RegistrationNumbers
{
    public static string Label(string country) => country switch
    {
        "DK" => "CVR",
        "NO" => "organisasjonsnummer",
        "SE" => "organisationsnummer",
        "FI" => "Y-tunnus",
        _ => "registration number",
    };

    /// <summary>Null when valid (or the country has no checksum we know), else why not.</summary>
    public static string? Check(string country, string value)
    {
        if (!SiteCountries.Nordic.Contains(country))
        {
            return null;
        }

        // A Danish CVR is often written with its VAT prefix "DK".
        var text = country == "DK" && value.StartsWith("DK", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        if (text.Any(c => !char.IsAsciiDigit(c) && c is not (' ' or '-')))
        {
            return $"A {Label(country)} has only digits (spaces and hyphens allowed).";
        }

        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        return country switch
        {
            "DK" => digits.Length == 8 && WeightedSum(digits, [2, 7, 6, 5, 4, 3, 2, 1]) % 11 == 0 ? null : "A CVR number has 8 digits and a valid check digit.",
            "NO" => digits.Length == 9 && Mod11CheckDigit(digits[..8], [3, 2, 7, 6, 5, 4, 3, 2]) == digits[8] - '0' ? null : "An organisasjonsnummer has 9 digits and a valid check digit.",
            "SE" => (digits.Length == 10 || (digits.Length == 12 && digits.StartsWith("16", StringComparison.Ordinal))) && Luhn(digits[^10..]) ? null : "An organisationsnummer has 10 digits (NNNNNN-NNNN) and a valid check digit.",
            "FI" => digits.Length == 8 && Mod11CheckDigit(digits[..7], [7, 9, 10, 5, 8, 4, 2]) == digits[7] - '0' ? null : "A Y-tunnus has the form 1234567-8 with a valid check digit.",
            _ => null,
        };
    }

    private static int WeightedSum(string digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }

        return sum;
    }

    /// <summary>11 − (sum mod 11), where 11 means 0 and 10 means no valid number (-1).</summary>
    private static int Mod11CheckDigit(string digits, int[] weights)
    {
        var remainder = WeightedSum(digits, weights) % 11;
        return remainder switch
        {
            0 => 0,
            1 => -1,
            _ => 11 - remainder,
        };
    }

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
