using ConsentCloud.Web.Storage;

namespace ConsentCloud.Tests.Storage;

public sealed class ConnectionStringTests
{
    private const string Key = StorageConnectionString.DevelopmentAccountKey;

    [Fact]
    public void DevelopmentStorageMeansAzuriteOnItsDefaultPorts()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
    }

    [Fact]
    public void ExplicitEndpointsWinOverTheAccountDefaults()
    {
        var parsed = StorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:51234/devstoreaccount1;BlobEndpoint=http://127.0.0.1:51235/devstoreaccount1/;");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:51234/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:51235/devstoreaccount1"), parsed.BlobEndpoint);
    }

    [Fact]
    public void EndpointSuffixAndProtocolBuildTheAccountEndpoints()
    {
        var parsed = StorageConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=consentprod;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(new Uri("https://consentprod.table.core.chinacloudapi.cn"), parsed.TableEndpoint);
        Assert.Equal(new Uri("https://consentprod.blob.core.chinacloudapi.cn"), parsed.BlobEndpoint);
    }

    [Fact]
    public void WithoutSuffixOrProtocolTheAccountIsReachedOverHttpsInTheGlobalCloud()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=consentprod;AccountKey={Key}");

        Assert.Equal(new Uri("https://consentprod.table.core.windows.net"), parsed.TableEndpoint);
    }

    [Theory]
    [InlineData("AccountName=a")]
    [InlineData("AccountKey=c2VjcmV0")]
    [InlineData("AccountName=a;AccountKey=not base64!")]
    [InlineData("AccountName=a;SharedAccessSignature=sv=2020&sig=secret")]
    [InlineData("garbage")]
    public void InvalidConnectionStringsAreRefusedWithoutEchoingSecrets(string connectionString)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));

        Assert.DoesNotContain("c2VjcmV0", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not base64!", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=secret", error.Message, StringComparison.Ordinal);
    }
}
