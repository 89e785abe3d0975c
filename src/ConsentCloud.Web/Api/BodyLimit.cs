using Microsoft.AspNetCore.Http.Features;

namespace ConsentCloud.Web.Api;

/// <summary>Endpoint metadata: the largest request body the endpoint accepts.</summary>
public sealed record BodyLimit(long Bytes)
{
    public const long Default = 16 * 1024;
    public const long Config = 64 * 1024;
}

public static class BodyLimitExtensions
{
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));
}

/// <summary>
/// Every body is bounded: the endpoint's <see cref="BodyLimit"/> or 16 KB. A declared length over the limit is refused
/// before reading; a chunked body is cut off while it is read (Kestrel's limit, or a counting stream under a test host).
/// </summary>
internal sealed class BodyLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            return next(context);
        }

        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.Bytes ?? BodyLimit.Default;
        if (request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }
        else
        {
            request.Body = new LimitedReadStream(request.Body, limit);
        }

        return next(context);
    }

    internal static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body exceeds this endpoint's limit of {limit:N0} bytes.", StatusCodes.Status413PayloadTooLarge);

    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            read += n;
            return read > limit ? throw TooLarge(limit) : n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
