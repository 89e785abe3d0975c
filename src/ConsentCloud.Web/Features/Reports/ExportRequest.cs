using System.Text.Json;
using ConsentCloud.Web.Features.Banners;
using ConsentCloud.Web.Features.Consents;

namespace ConsentCloud.Web.Features.Reports;

public enum ExportFormat
{
    Csv,
    Jsonl,
}

/// <summary>
/// Which decisions of the range a download holds: all, or one method, or those that granted (or denied) one category.
/// </summary>
public sealed record ExportFilter(ConsentMethod? Method = null, string? Category = null, bool Granted = true)
{
    public static ExportFilter None { get; } = new();

    /// <summary>The filter from query values (method=acceptAll, category=statistics, granted=false), or what is wrong.</summary>
    public static bool TryParse(string? method, string? category, string? granted, out ExportFilter filter, out string? error)
    {
        filter = None;
        error = null;
        ConsentMethod? parsedMethod = null;
        if (!string.IsNullOrEmpty(method))
        {
            if (method.Length > 20 || !Enum.TryParse<ConsentMethod>(method, ignoreCase: true, out var m) || !Enum.IsDefined(m) || int.TryParse(method, out _))
            {
                error = "method must be one of acceptAll, rejectAll, custom, gpc, withdraw.";
                return false;
            }

            parsedMethod = m;
        }

        if (!string.IsNullOrEmpty(category) && !System.Text.RegularExpressions.Regex.IsMatch(category, CategoryConfig.IdPattern))
        {
            error = "category must be a category id (e.g. statistics).";
            return false;
        }

        var grantedValue = true;
        if (!string.IsNullOrEmpty(granted) && !bool.TryParse(granted, out grantedValue))
        {
            error = "granted must be true or false.";
            return false;
        }

        if (!string.IsNullOrEmpty(granted) && string.IsNullOrEmpty(category))
        {
            error = "granted filters by a category: give category too.";
            return false;
        }

        filter = new ExportFilter(parsedMethod, string.IsNullOrEmpty(category) ? null : category, grantedValue);
        return true;
    }

    public bool Matches(IReadOnlyDictionary<string, bool> choices) =>
        Category is null || (choices.TryGetValue(Category, out var granted) && granted == Granted);

    /// <summary>For the audit log: "method=acceptAll category=statistics granted=true", or "" for none.</summary>
    public string Describe() => string.Join(' ', new[]
    {
        Method is { } m ? "method=" + JsonNamingPolicy.CamelCase.ConvertName(m.ToString()) : null,
        Category is { } c ? $"category={c} granted={(Granted ? "true" : "false")}" : null,
    }.Where(p => p is not null));
}

public static class ExportFormats
{
    public static bool TryParse(string? value, out ExportFormat format)
    {
        format = value switch
        {
            "csv" or null or "" => ExportFormat.Csv,
            "jsonl" => ExportFormat.Jsonl,
            _ => (ExportFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    public static string Extension(this ExportFormat format) => format == ExportFormat.Csv ? "csv" : "jsonl";

    public static string ContentType(this ExportFormat format) =>
        format == ExportFormat.Csv ? "text/csv; charset=utf-8; header=present" : "application/jsonl; charset=utf-8";
}
