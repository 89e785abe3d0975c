using System.Net;
using ConsentCloud.Web.Storage;

namespace ConsentCloud.Tests.Storage;

/// <summary>Key validation and filter formatting: pure client-side behaviour, no Azurite.</summary>
public sealed class TableKeyAndFilterTests
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    [InlineData("del\u007f")]
    [InlineData("c1\u0085")]
    public async Task KeysWithForbiddenCharactersAreRefusedWithoutARequest(string key)
    {
        var handler = new StubHttpHandler(HttpStatusCode.NoContent);
        var table = StorageTestClients.StubbedTable(handler);

        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity(key, "r")));
        await Assert.ThrowsAsync<ArgumentException>(() => table.UpsertEntityAsync(new TableEntity("p", key)));
        await Assert.ThrowsAsync<ArgumentException>(() => table.GetEntityAsync<TableEntity>("p", key));
        await Assert.ThrowsAsync<ArgumentException>(() => table.DeleteEntityAsync(key, "r"));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task KeysLongerThanOneKibibyteAndMissingKeysAreRefused()
    {
        var handler = new StubHttpHandler(HttpStatusCode.NoContent);
        var table = StorageTestClients.StubbedTable(handler);

        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity(new string('k', 1025), "r")));
        await Assert.ThrowsAsync<ArgumentException>(() => table.AddEntityAsync(new TableEntity("p", new string('é', 513))));
        await Assert.ThrowsAsync<ArgumentNullException>(() => table.AddEntityAsync(new TableEntity { RowKey = "r" }));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task KeysAreQuotedAndEscapedInTheRequestPath()
    {
        var handler = new StubHttpHandler(HttpStatusCode.NotFound);
        var table = StorageTestClients.StubbedTable(handler);

        await table.DeleteEntityAsync("it's", "a b");

        var request = Assert.Single(handler.Requests);
        Assert.Equal("/stubbed(PartitionKey='it%27%27s',RowKey='a%20b')", request.RequestUri!.AbsolutePath);
        Assert.Equal("*", request.Headers.IfMatch.ToString());
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1table")]
    [InlineData("has-dash")]
    public void InvalidTableNamesAreRefused(string name)
    {
        var service = new TableServiceClient(StorageTestClients.FakeAccountConnectionString);

        Assert.Throws<ArgumentException>(() => service.GetTableClient(name));
    }

    [Fact]
    public void CreateQueryFilterTurnsArgumentsIntoEscapedLiterals()
    {
        var when = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2));
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {"O'Brien"} and Count gt {5} and Big lt {5_000_000_000L} and Ratio le {2.0} and On eq {true} and At ge {when} and Id eq {id} and Name ne {(string?)null}");

        Assert.Equal(
            "PartitionKey eq 'O''Brien' and Count gt 5 and Big lt 5000000000L and Ratio le 2.0 and On eq true and At ge datetime'2025-01-02T01:04:05.6780000Z' and Id eq guid'0f8fad5b-d9cb-469f-a165-70867728950e' and Name ne null",
            filter);
    }

    [Fact]
    public void CreateQueryFilterCannotBeBrokenOutOfByAValue()
    {
        var hostile = "x' or PartitionKey ne '";

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {hostile}");

        Assert.Equal("PartitionKey eq 'x'' or PartitionKey ne '''", filter);
    }

    [Fact]
    public void TypedGettersReturnNullWhenMissingAndRefuseTheWrongType()
    {
        var entity = new TableEntity("p", "r") { ["Count"] = 3, ["Name"] = "n", ["At"] = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) };

        Assert.Null(entity.GetString("Missing"));
        Assert.Null(entity["Missing"]);
        Assert.Equal(3L, entity.GetInt64("Count"));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), entity.GetDateTimeOffset("At"));
        Assert.Throws<InvalidOperationException>(() => entity.GetInt32("Name"));
        Assert.False(entity.ContainsKey("name"));
    }
}
