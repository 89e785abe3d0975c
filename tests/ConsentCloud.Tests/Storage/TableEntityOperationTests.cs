using Azure;
using Azure.Data.Tables;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Storage;

/// <summary>Single-entity operations against Azurite; each test gets its own table.</summary>
public sealed class TableEntityOperationTests : IAsyncLifetime
{
    private readonly TableServiceClient _service = StorageTestClients.AzuriteTables();
    private readonly TableClient _table;

    public TableEntityOperationTests() => _table = _service.GetTableClient(Azurite.UniquePrefix());

    public async Task InitializeAsync() => await _table.CreateIfNotExistsAsync();

    public async Task DisposeAsync() => await _table.DeleteAsync();

    [Fact]
    public async Task CreatingATableThatExistsIsNotAnError()
    {
        var again = await _service.CreateTableIfNotExistsAsync(_table.Name);

        Assert.Equal(_table.Name, again.Value.Name);
        Assert.Equal(409, again.GetRawResponse().Status);
    }

    [Fact]
    public async Task AddingAnEntityWhoseKeysAreTakenFailsWithEntityAlreadyExists()
    {
        await _table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "first" });

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "second" }));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Equal("first", (await _table.GetEntityAsync<TableEntity>("p", "r")).Value.GetString("Name"));
    }

    [Fact]
    public async Task UpsertMergeKeepsPropertiesItDoesNotSend()
    {
        await _table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "a", ["Color"] = "blue" });

        await _table.UpsertEntityAsync(new TableEntity("p", "r") { ["Name"] = "b" }, TableUpdateMode.Merge);

        var entity = (await _table.GetEntityAsync<TableEntity>("p", "r")).Value;
        Assert.Equal("b", entity.GetString("Name"));
        Assert.Equal("blue", entity.GetString("Color"));
    }

    [Fact]
    public async Task UpsertReplaceDropsPropertiesItDoesNotSend()
    {
        await _table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "a", ["Color"] = "blue" });

        await _table.UpsertEntityAsync(new TableEntity("p", "r") { ["Name"] = "b" }, TableUpdateMode.Replace);

        var entity = (await _table.GetEntityAsync<TableEntity>("p", "r")).Value;
        Assert.Equal("b", entity.GetString("Name"));
        Assert.False(entity.ContainsKey("Color"));
    }

    [Fact]
    public async Task UpsertCreatesAMissingEntity()
    {
        await _table.UpsertEntityAsync(new TableEntity("p", "new") { ["Name"] = "x" });

        Assert.Equal("x", (await _table.GetEntityAsync<TableEntity>("p", "new")).Value.GetString("Name"));
    }

    [Fact]
    public async Task UpdatingWithTheCurrentETagSucceedsAndWithAStaleOneFailsWith412()
    {
        var created = await _table.AddEntityAsync(new TableEntity("p", "r") { ["Count"] = 1 });
        var read = (await _table.GetEntityAsync<TableEntity>("p", "r")).Value;
        Assert.Equal(created.Headers.ETag, read.ETag);

        read["Count"] = 2;
        var updated = await _table.UpdateEntityAsync(read, read.ETag);
        read["Count"] = 3;
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _table.UpdateEntityAsync(read, read.ETag, TableUpdateMode.Replace));

        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.NotEqual(read.ETag, updated.Headers.ETag);
        Assert.Equal(2, (await _table.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt32("Count"));
    }

    [Fact]
    public async Task UpdatingWithoutAnETagIsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _table.UpdateEntityAsync(new TableEntity("p", "r"), default));
    }

    [Fact]
    public async Task DeletingWithAStaleETagFailsWith412AndKeepsTheEntity()
    {
        await _table.AddEntityAsync(new TableEntity("p", "r") { ["Count"] = 1 });
        var stale = (await _table.GetEntityAsync<TableEntity>("p", "r")).Value.ETag;
        await _table.UpsertEntityAsync(new TableEntity("p", "r") { ["Count"] = 2 });

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _table.DeleteEntityAsync("p", "r", stale));

        Assert.Equal(412, error.Status);
        Assert.True((await _table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
    }

    [Fact]
    public async Task DeletingWithTheCurrentETagRemovesTheEntity()
    {
        await _table.AddEntityAsync(new TableEntity("p", "r"));
        var current = (await _table.GetEntityAsync<TableEntity>("p", "r")).Value.ETag;

        var response = await _table.DeleteEntityAsync("p", "r", current);

        Assert.Equal(204, response.Status);
        Assert.False((await _table.GetEntityIfExistsAsync<TableEntity>("p", "r")).HasValue);
    }

    [Fact]
    public async Task DeletingAMissingEntityReturns404WithoutThrowing()
    {
        var response = await _table.DeleteEntityAsync("p", "missing");

        Assert.Equal(404, response.Status);
    }

    [Fact]
    public async Task ReadingAMissingEntityThrows404()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => _table.GetEntityAsync<TableEntity>("p", "missing"));

        Assert.Equal(404, error.Status);
        Assert.Equal("ResourceNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task GetEntityIfExistsReportsNoValueForAMissingEntityAndTheEntityOtherwise()
    {
        await _table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "here" });

        var missing = await _table.GetEntityIfExistsAsync<TableEntity>("p", "missing");
        var present = await _table.GetEntityIfExistsAsync<TableEntity>("p", "r");

        Assert.False(missing.HasValue);
        Assert.Equal(404, missing.GetRawResponse().Status);
        Assert.True(present.HasValue);
        Assert.Equal("here", present.Value!.GetString("Name"));
    }

    [Fact]
    public async Task PointReadWithSelectReturnsOnlyTheSelectedProperties()
    {
        await _table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "n", ["Color"] = "c" });

        var entity = (await _table.GetEntityAsync<TableEntity>("p", "r", select: ["Name"])).Value;

        Assert.Equal("n", entity.GetString("Name"));
        Assert.False(entity.ContainsKey("Color"));
    }

    [Fact]
    public async Task EdmTypesRoundTripWithTheirExactTypes()
    {
        var when = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);
        var id = Guid.NewGuid();
        const long big = (1L << 53) + 1;
        await _table.AddEntityAsync(new TableEntity("p", "r")
        {
            ["Text"] = "héllo 'quoted' \"double\"",
            ["Int"] = 42,
            ["Long"] = big,
            ["Double"] = 1.5,
            ["WholeDouble"] = 2.0,
            ["Bool"] = true,
            ["When"] = when,
            ["WhenUtc"] = when.UtcDateTime,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 0, 1, 2, 255 },
            ["Data"] = BinaryData.FromString("binary"),
        });

        var entity = (await _table.GetEntityAsync<TableEntity>("p", "r")).Value;

        Assert.Equal("héllo 'quoted' \"double\"", entity["Text"]);
        Assert.Equal(42, Assert.IsType<int>(entity["Int"]));
        Assert.Equal(big, Assert.IsType<long>(entity["Long"]));
        Assert.Equal(1.5, Assert.IsType<double>(entity["Double"]));
        Assert.Equal(2.0, Assert.IsType<double>(entity["WholeDouble"]));
        Assert.True(Assert.IsType<bool>(entity["Bool"]));
        Assert.Equal(when, Assert.IsType<DateTimeOffset>(entity["When"]));
        Assert.Equal(when.UtcDateTime, entity.GetDateTime("WhenUtc"));
        Assert.Equal(id, Assert.IsType<Guid>(entity["Id"]));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, Assert.IsType<byte[]>(entity["Bytes"]));
        Assert.Equal("binary", entity.GetBinaryData("Data")!.ToString());
        Assert.NotNull(entity.Timestamp);
        Assert.NotEqual(default, entity.ETag);
    }

    [Fact]
    public async Task ANumberReadsBackOnlyAsTheTypeItWasWrittenWith()
    {
        // The SDK does not widen Int32 to Int64 as our own client did: a store reads a count with the type it writes.
        await _table.AddEntityAsync(new TableEntity("p", "r") { ["Small"] = 3, ["Large"] = 3L });

        var entity = (await _table.GetEntityAsync<TableEntity>("p", "r")).Value;

        Assert.Equal(3, entity.GetInt32("Small"));
        Assert.Equal(3L, entity.GetInt64("Large"));
        Assert.Throws<InvalidOperationException>(() => entity.GetInt64("Small"));
        Assert.Null(entity.GetInt64("Missing"));
    }

    [Theory]
    [InlineData("it's", "a b")]
    [InlineData("ünï©ødé", "100%")]
    [InlineData("", "empty partition")]
    [InlineData("(parens)", "comma,semicolon;plus+equals=amp&")]
    public async Task KeysWithQuotesSpacesAndUnicodeRoundTrip(string partitionKey, string rowKey)
    {
        await _table.AddEntityAsync(new TableEntity(partitionKey, rowKey) { ["Value"] = 1 });

        var read = (await _table.GetEntityAsync<TableEntity>(partitionKey, rowKey)).Value;
        await _table.UpsertEntityAsync(new TableEntity(partitionKey, rowKey) { ["Value"] = 2 });
        var filtered = await _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey eq {rowKey}")).ToListAsync();
        var deleted = await _table.DeleteEntityAsync(partitionKey, rowKey);

        Assert.Equal((partitionKey, rowKey), (read.PartitionKey, read.RowKey));
        Assert.Equal(2, Assert.Single(filtered).GetInt32("Value"));
        Assert.Equal(204, deleted.Status);
    }
}
