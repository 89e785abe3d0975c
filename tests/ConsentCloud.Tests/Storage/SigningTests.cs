using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using ConsentCloud.Web.Storage;

namespace ConsentCloud.Tests.Storage;

/// <summary>
/// Shared Key signatures against vectors computed outside .NET, with the documented algorithm:
/// <c>printf '&lt;string-to-sign&gt;' | openssl dgst -sha256 -mac HMAC -macopt hexkey:&lt;hex of the Azurite key&gt; -binary | base64</c>.
/// </summary>
public sealed class SigningTests
{
    private static readonly DateTimeOffset Now = new(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SharedKeyLiteSignsTheDateAndTheAccountQualifiedPath()
    {
        // Azurite's path-style URL puts the account in the path, so it appears twice in the resource.
        var stringToSign = TableSharedKeyLitePolicy.StringToSign(
            "devstoreaccount1", "Tue, 01 Jul 2025 12:00:00 GMT", new Uri("http://127.0.0.1:10002/devstoreaccount1/Tables"));

        Assert.Equal("Tue, 01 Jul 2025 12:00:00 GMT\n/devstoreaccount1/devstoreaccount1/Tables", stringToSign);
    }

    [Fact]
    public async Task SharedKeyLitePolicySendsTheKnownSignature()
    {
        var handler = new StubHttpHandler(HttpStatusCode.OK);
        var policy = new TableSharedKeyLitePolicy(DevelopmentCredential(), new FixedTimeProvider(Now));
        var pipeline = HttpPipelineBuilder.Build(Options(handler), [], [policy], new ResponseClassifier());

        var request = pipeline.CreateRequest();
        request.Method = RequestMethod.Get;
        request.Uri.Reset(new Uri("http://127.0.0.1:10002/devstoreaccount1/Tables"));
        await pipeline.SendRequestAsync(request, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("Tue, 01 Jul 2025 12:00:00 GMT", sent.Headers.GetValues("x-ms-date").Single());
        Assert.Equal("SharedKeyLite devstoreaccount1:pst8mVD5MToLm+5xzPpWTBYTgdjr6aEncaPFVTA9eEs=", sent.Headers.Authorization!.ToString());
    }

    [Fact]
    public async Task BlobSharedKeyPolicySignsHeadersAndSortedQueryParameters()
    {
        var handler = new StubHttpHandler(HttpStatusCode.OK);
        var policy = new BlobSharedKeyPolicy(DevelopmentCredential(), new FixedTimeProvider(Now));
        var pipeline = HttpPipelineBuilder.Build(Options(handler), [], [policy], new ResponseClassifier());

        var request = pipeline.CreateRequest();
        request.Method = RequestMethod.Get;
        request.ClientRequestId = "11111111-2222-3333-4444-555555555555";
        request.Uri.Reset(new Uri("http://127.0.0.1:10000/devstoreaccount1/photos?restype=container&comp=list&prefix=a%20b"));
        request.Headers.SetValue("x-ms-version", "2021-08-06");
        await pipeline.SendRequestAsync(request, CancellationToken.None);

        // String to sign: "GET" + 12 newlines (11 empty standard headers), the x-ms-* headers sorted, then
        // "/devstoreaccount1/devstoreaccount1/photos\ncomp:list\nprefix:a b\nrestype:container".
        var sent = Assert.Single(handler.Requests);
        Assert.Equal("SharedKey devstoreaccount1:I5siVGtHSxbSocDkXt+qnOd1gRQaMWNrSSKZtVVFjSk=", sent.Headers.Authorization!.ToString());
    }

    private static StorageSharedKeyCredential DevelopmentCredential() =>
        new(StorageConnectionString.DevelopmentAccountName, StorageConnectionString.DevelopmentAccountKey);

    private static TableClientOptions Options(StubHttpHandler handler) => StorageTestClients.StubbedTableOptions(handler);
}
