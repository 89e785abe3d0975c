namespace ConsentCloud.Web.Features.Reports;

/// <summary>
/// CSV that spreadsheets open safely: RFC 4180 (fields with a comma, quote, CR or LF quoted, quotes doubled, CRLF line
/// ends) and no formulas: a cell starting with '=', '+', '-', '@', tab or carriage return is prefixed with a single
/// quote, so Excel, LibreOffice and Google Sheets show it as text instead of evaluating it (OWASP "CSV injection").
/// The byte-order mark is the writer's job (<see cref="ConsentExport"/>): Excel needs it to read UTF-8.
/// </summary>
public static class Csv
{
    public const string LineEnd = "\r\n";

    /// <summary>Writes one field, neutralised and quoted as needed.</summary>
    public static void WriteField(TextWriter writer, ReadOnlySpan<char> value)
    {
        var neutralise = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        if (value.IndexOfAny(",\"\r\n") < 0)
        {
            if (neutralise)
            {
                writer.Write('\'');
            }

            writer.Write(value);
            return;
        }

        writer.Write('"');
        if (neutralise)
        {
            writer.Write('\'');
        }

        while (value.IndexOf('"') is var quote and >= 0)
        {
            writer.Write(value[..(quote + 1)]);
            writer.Write('"');
            value = value[(quote + 1)..];
        }

        writer.Write(value);
        writer.Write('"');
    }

    /// <summary>One whole record: fields separated by commas, ended by CRLF.</summary>
    public static void WriteRecord(TextWriter writer, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                writer.Write(',');
            }

            WriteField(writer, field);
            first = false;
        }

        writer.Write(LineEnd);
    }

    /// <summary>A field as it would be written (for tests and small tables).</summary>
    public static string Field(string value)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        WriteField(writer, value);
        return writer.ToString();
    }
}
