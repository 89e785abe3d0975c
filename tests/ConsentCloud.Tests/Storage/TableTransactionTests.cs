using System.Net;
using Azure;
using Azure.Data.Tables;
using ConsentCloud.Tests.Infrastructure;

namespace ConsentCloud.Tests.Storage;

/// <summary>Entity group transactions: against Azurite, and the client-side rules checked without a request.</summary>
public sealed class TableTransactionTests : IAsyncLifetime
{
    private readonly TableServiceClient _service = StorageTestClients.AzuriteTables();
    private readonly TableClient _table;

    public TableTransactionTests() => _table = _service.GetTableClient(Azurite.UniquePrefix());

    public async Task InitializeAsync() => await _table.CreateIfNotExistsAsync();

    public async Task DisposeAsync() => await _table.DeleteAsync();

    [Fact]
    public async Task ATransactionAppliesEveryActionAndAnswersEachInOrder()
    {
        await _table.AddEntityAsync(new TableEntity("p", "merge") { ["Keep"] = "kept", ["Value"] = 0 });
        await _table.AddEntityAsync(new TableEntity("p", "replace") { ["Drop"] = "dropped" });
        await _table.AddEntityAsync(new TableEntity("p", "delete"));
        var mergeETag = (await _table.GetEntityAsync<TableEntity>("p", "merge")).Value.ETag;

        var result = await _table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add") { ["Value"] = 1 }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "merge") { ["Value"] = 2 }, mergeETag),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "replace") { ["Value"] = 3 }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsert-merge") { ["Value"] = 4 }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "upsert-replace") { ["Value"] = 5 }),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
        ]);

        Assert.Equal(202, result.GetRawResponse().Status);
        Assert.Equal(6, result.Value.Count);
        Assert.All(result.Value, r => Assert.Equal(204, r.Status));
        Assert.All(result.Value.Take(5), r => Assert.NotNull(r.Headers.ETag));
        var entities = await _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"p"}")).ToDictionaryAsync(e => e.RowKey);
        Assert.Equal(["add", "merge", "replace", "upsert-merge", "upsert-replace"], entities.Keys.Order());
        Assert.Equal("kept", entities["merge"].GetString("Keep"));
        Assert.Equal(2, entities["merge"].GetInt32("Value"));
        Assert.False(entities["replace"].ContainsKey("Drop"));
        Assert.Equal(result.Value[1].Headers.ETag, entities["merge"].ETag);
    }

    [Fact]
    public async Task AFailingActionRollsBackTheWholeTransactionAndIsNamed()
    {
        await _table.AddEntityAsync(new TableEntity("p", "taken") { ["Value"] = "original" });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => _table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "first")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "second")),
            new(TableTransactionActionType.Add, new TableEntity("p", "taken") { ["Value"] = "overwritten?" }),
            new(TableTransactionActionType.Add, new TableEntity("p", "fourth")),
        ]));

        Assert.Equal(2, error.FailedTransactionActionIndex);
        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        var remaining = await _table.QueryAsync<TableEntity>().ToListAsync();
        var only = Assert.Single(remaining);
        Assert.Equal("original", only.GetString("Value"));
    }

    [Fact]
    public async Task AStaleETagInATransactionFailsWith412AndWritesNothing()
    {
        await _table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = 1 });
        var stale = (await _table.GetEntityAsync<TableEntity>("p", "r")).Value.ETag;
        await _table.UpsertEntityAsync(new TableEntity("p", "r") { ["Value"] = 2 });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => _table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "new")),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "r") { ["Value"] = 3 }, stale),
        ]));

        Assert.Equal(1, error.FailedTransactionActionIndex);
        Assert.Equal(412, error.Status);
        Assert.False((await _table.GetEntityIfExistsAsync<TableEntity>("p", "new")).HasValue);
    }

    [Fact]
    public async Task OneHundredActionsAreAccepted()
    {
        var actions = Enumerable.Range(0, 100).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", $"r{i:D3}")));

        var result = await _table.SubmitTransactionAsync(actions);

        Assert.Equal(100, result.Value.Count);
        Assert.Equal(100, await _table.QueryAsync<TableEntity>().CountAsync());
    }
}
