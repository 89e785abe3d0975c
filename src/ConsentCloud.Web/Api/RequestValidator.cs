using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

// ASP0029: ValidationOptions.TryGetValidatableTypeInfo and ValidateContext are marked "for evaluation" in .NET 10; they
// are the only way to run the minimal APIs' own validation on an object, which is the point of this class.
#pragma warning disable ASP0029

namespace ConsentCloud.Web.Api;

/// <summary>
/// Runs the same validation the minimal APIs run on a request body (.NET 10 <c>AddValidation()</c>: data annotations
/// of the object and its children, then <see cref="IValidatableObject"/>), for a request built elsewhere — the
/// portal's forms — so a page and an endpoint can never disagree about what is valid.
/// </summary>
public sealed class RequestValidator(IOptions<ValidationOptions> options, IServiceProvider services)
{
    /// <summary>Errors by member path ("Company.Address.Street"); empty when valid.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync<T>(T request, CancellationToken ct)
        where T : class
    {
        if (!options.Value.TryGetValidatableTypeInfo(typeof(T), out var info))
        {
            throw new InvalidOperationException($"{typeof(T).Name} is not a validatable type: it must be a parameter of an endpoint.");
        }

        var context = new ValidateContext
        {
            ValidationOptions = options.Value,
            ValidationContext = new ValidationContext(request, services, null),
        };
        await info.ValidateAsync(request, context, ct);
        return context.ValidationErrors is { } errors ? new Dictionary<string, string[]>(errors) : new Dictionary<string, string[]>();
    }
}
