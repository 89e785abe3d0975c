using Azure.Data.Tables;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Storage;

/// <summary>Queries against Azurite; each test gets its own table.</summary>
public sealed class TableQueryTests : IAsyncLifetime
{
    private readonly TableServiceClient _service = StorageTestClients.AzuriteTables();
    private readonly TableClient _table;

    public TableQueryTests() => _table = _service.GetTableClient(Azurite.UniquePrefix());

    public async Task InitializeAsync() => await _table.CreateIfNotExistsAsync();

    public async Task DisposeAsync() => await _table.DeleteAsync();

    [Fact]
    public async Task QueryAppliesFilterSelectAndTopPerPage()
    {
        for (var i = 0; i < 7; i++)
        {
            await _table.AddEntityAsync(new TableEntity("tenant-a", $"r{i}") { ["Index"] = i, ["Big"] = 10_000_000_000L + i, ["Note"] = "x" });
        }

        await _table.AddEntityAsync(new TableEntity("tenant-b", "r0") { ["Index"] = 0 });
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"tenant-a"} and Big ge {10_000_000_002L}");

        var pages = await _table.QueryAsync<TableEntity>(filter, maxPerPage: 2, select: ["Index"]).AsPages().ToListAsync();
        var entities = pages.SelectMany(p => p.Values).ToList();

        Assert.Equal([2, 3, 4, 5, 6], entities.Select(e => e.GetInt32("Index")!.Value));
        Assert.All(entities, e => Assert.False(e.ContainsKey("Note")));
        Assert.All(pages.SkipLast(1), p => Assert.Equal(2, p.Values.Count));
        Assert.True(pages.Count >= 3);
    }

    [Fact]
    public async Task QueryFollowsContinuationTokensPastTheThousandEntityPageLimit()
    {
        const int count = 2_500;
        for (var batch = 0; batch < count / 100; batch++)
        {
            var actions = Enumerable.Range(batch * 100, 100)
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("bulk", i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)) { ["Index"] = i }));
            await _table.SubmitTransactionAsync(actions);
        }

        var pages = await _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"bulk"}")).AsPages().ToListAsync();
        var all = pages.SelectMany(p => p.Values).ToList();

        Assert.Equal(count, all.Count);
        Assert.Equal(Enumerable.Range(0, count), all.Select(e => e.GetInt32("Index")!.Value));
        Assert.True(pages.Count >= 3, $"expected at least 3 pages, got {pages.Count}");
        Assert.All(pages, p => Assert.True(p.Values.Count <= 1_000));
    }

    [Fact]
    public async Task QueryWithoutMatchesYieldsNothing()
    {
        var none = await _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"nobody"}")).ToListAsync();

        Assert.Empty(none);
    }

    [Fact]
    public async Task TheServiceClientListsTablesByNamePrefix()
    {
        var prefix = Azurite.UniquePrefix();
        await _service.CreateTableIfNotExistsAsync(prefix + "one");
        await _service.CreateTableIfNotExistsAsync(prefix + "two");
        try
        {
            var filter = TableClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {prefix + "{"}");
            var names = await _service.QueryAsync(filter).Select(t => t.Name).ToListAsync();

            Assert.Equal([prefix + "one", prefix + "two"], names.Order());
        }
        finally
        {
            await _service.DeleteTableAsync(prefix + "one");
            await _service.DeleteTableAsync(prefix + "two");
        }
    }
}
