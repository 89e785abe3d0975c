using Azure;

namespace ConsentCloud.Web.Storage;

/// <summary>The "not found" answer of the <c>...IfExistsAsync</c> methods.</summary>
internal sealed class NoValueResponse<T>(Response response) : NullableResponse<T>
{
    public override bool HasValue => false;

    public override T Value => throw new InvalidOperationException("The resource does not exist; check HasValue first.");

    public override Response GetRawResponse() => response;
}
