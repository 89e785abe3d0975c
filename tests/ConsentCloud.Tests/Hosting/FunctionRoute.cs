using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;

namespace ConsentCloud.Tests.Hosting;

/// <summary>
/// An HTTP function's route as the Functions host registers it (an ASP.NET Core route template, matched with
/// <see cref="TemplateMatcher"/>, literals case-insensitive), and the questions the hosting tests ask of it.
/// </summary>
internal sealed class FunctionRoute
{
    private readonly TemplateMatcher _matcher;

    public FunctionRoute(string functionName, string template, IReadOnlyList<string>? methods)
    {
        FunctionName = functionName;
        Template = template;
        Methods = methods;
        Pattern = RoutePatternFactory.Parse(template);
        _matcher = new TemplateMatcher(TemplateParser.Parse(template), new RouteValueDictionary());
    }

    public string FunctionName { get; }

    public string Template { get; }

    /// <summary>Lower-case methods; null = every method.</summary>
    public IReadOnlyList<string>? Methods { get; }

    public RoutePattern Pattern { get; }

    /// <summary>
    /// The host would send this path to the function. Constraints are ignored, so the answer errs towards "yes":
    /// right for proving a path unreachable.
    /// </summary>
    public bool CanMatch(string path) => _matcher.TryMatch(new PathString(path), new RouteValueDictionary());

    public bool AllowsMethod(string method) =>
        Methods is null || Methods.Contains(method, StringComparer.OrdinalIgnoreCase);

    public bool HasCatchAll => Pattern.Parameters.Any(p => p.IsCatchAll);

    /// <summary>The first segment is plain text ("v1" in "v1/{*path}"), so the route lives under a prefix of its own.</summary>
    public bool StartsWithLiteral => FirstLiteral is { Length: > 0 };

    /// <summary>The first segment's text when it is plain text ("v1" in "v1/{*path}").</summary>
    public string? FirstLiteral => Pattern.PathSegments.Count > 0 ? Literal(Pattern.PathSegments[0]) : null;

    /// <summary>A path the host would send to this function: every parameter (catch-all too) filled with "probe".</summary>
    public string SamplePath() => "/" + string.Join('/', Pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content,
        RoutePatternSeparatorPart separator => separator.Content,
        _ => "probe",
    }))));

    /// <summary>
    /// Every URL the app's <paramref name="appRoute"/> matches is also matched by this function route, decided segment
    /// by segment: a catch-all covers all that follows, a parameter without constraints covers any one segment, a
    /// literal covers the same literal (case-insensitive). Anything else (constraints, complex segments) is covered
    /// only by an identical segment, so the answer errs towards "no": right for proving a route reachable.
    /// </summary>
    public bool Covers(RoutePattern appRoute)
    {
        var mine = Pattern.PathSegments;
        var theirs = appRoute.PathSegments;
        for (var i = 0; ; i++)
        {
            if (i == mine.Count)
            {
                return i == theirs.Count;
            }

            if (IsCatchAll(mine[i]))
            {
                return true;
            }

            if (i == theirs.Count)
            {
                return mine.Skip(i).All(s => IsCatchAll(s) || SimpleParameter(s) is { IsOptional: true });
            }

            if (IsCatchAll(theirs[i]))
            {
                return false;
            }

            if (SimpleParameter(theirs[i]) is { } theirParameter && IsOptional(theirParameter) &&
                SimpleParameter(mine[i]) is not { IsOptional: true })
            {
                return false;
            }

            if (!SegmentCovers(mine[i], theirs[i]))
            {
                return false;
            }
        }
    }

    public override string ToString() => $"{FunctionName}: {Template} [{(Methods is null ? "all methods" : string.Join(',', Methods))}]";

    private static bool SegmentCovers(RoutePatternPathSegment mine, RoutePatternPathSegment theirs)
    {
        if (SimpleParameter(mine) is { } parameter)
        {
            return parameter.ParameterPolicies.Count == 0 || Describe(mine) == Describe(theirs);
        }

        if (Literal(mine) is { } literal)
        {
            return string.Equals(literal, Literal(theirs), StringComparison.OrdinalIgnoreCase);
        }

        return Describe(mine) == Describe(theirs);
    }

    private static bool IsCatchAll(RoutePatternPathSegment segment) => SimpleParameter(segment) is { IsCatchAll: true };

    private static bool IsOptional(RoutePatternParameterPart parameter) => parameter.IsOptional || parameter.Default is not null;

    private static RoutePatternParameterPart? SimpleParameter(RoutePatternPathSegment segment) =>
        segment.IsSimple ? segment.Parts[0] as RoutePatternParameterPart : null;

    /// <summary>The text of a segment made only of literals; null when it has a parameter.</summary>
    private static string? Literal(RoutePatternPathSegment segment) =>
        segment.Parts.All(p => p is RoutePatternLiteralPart)
            ? string.Concat(segment.Parts.Cast<RoutePatternLiteralPart>().Select(p => p.Content))
            : null;

    /// <summary>A segment's shape for exact comparison: literals (lower-case) and parameters with their constraints, not their names.</summary>
    private static string Describe(RoutePatternPathSegment segment) => string.Concat(segment.Parts.Select(part => part switch
    {
        RoutePatternLiteralPart literal => literal.Content.ToLowerInvariant(),
        RoutePatternSeparatorPart separator => separator.Content,
        RoutePatternParameterPart parameter =>
            $"{{{(parameter.IsCatchAll ? "*" : "")}:{string.Join(':', parameter.ParameterPolicies.Select(p => p.Content))}{(IsOptional(parameter) ? "?" : "")}}}",
        _ => "\u0000",
    }));
}
