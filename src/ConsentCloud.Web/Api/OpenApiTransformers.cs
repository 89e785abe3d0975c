using System.Text.RegularExpressions;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ConsentCloud.Web.Api;

/// <summary>
/// Corrections to the generated OpenAPI document, so it states the contract the endpoints keep:
/// every route parameter is declared (the agency id is read by the access middleware, not by the handlers), and a
/// property is required only when it is always present (null properties are left out of the JSON).
/// </summary>
internal static partial class OpenApiTransformers
{
    /// <summary>Declares each {parameter} of the route that the handler does not bind itself (e.g. agencyId).</summary>
    public static Task DeclareRouteParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        operation.Parameters ??= [];
        foreach (Match match in RouteParameter().Matches(context.Description.RelativePath ?? ""))
        {
            var name = match.Groups[1].Value;
            if (operation.Parameters.Any(p => p.In == ParameterLocation.Path && p.Name == name))
            {
                continue;
            }

            operation.Parameters.Insert(0, new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Description = name == "agencyId" ? "The agency's id: 26 characters of a–z and 2–7." : null,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes every nullable property out of its schema's <c>required</c> list: the API writes JSON without null
    /// properties (<see cref="System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull"/>), so a property that
    /// can be null can be absent. The generator marks every positional record parameter required.
    /// </summary>
    public static Task RequireOnlyAlwaysPresentProperties(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
        {
            if (schema.Required is not { Count: > 0 } required || schema.Properties is null)
            {
                continue;
            }

            foreach (var (name, property) in schema.Properties)
            {
                if (IsNullable(property))
                {
                    required.Remove(name);
                }
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsNullable(IOpenApiSchema schema) =>
        (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null)) ||
        (schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Any(s => s.Type == JsonSchemaType.Null);

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9]*)")]
    private static partial Regex RouteParameter();
}
