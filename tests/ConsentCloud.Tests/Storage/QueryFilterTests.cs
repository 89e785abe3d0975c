using Azure.Data.Tables;

namespace ConsentCloud.Tests.Storage;

/// <summary>
/// Every store builds its OData filters with <see cref="TableClient.CreateQueryFilter(FormattableString)"/>, never by
/// concatenation; these pin the escaping the stores' tenant isolation relies on.
/// </summary>
public sealed class QueryFilterTests
{
    [Fact]
    public void CreateQueryFilterTurnsArgumentsIntoEscapedLiterals()
    {
        var when = new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2));
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {"O'Brien"} and Count gt {5} and Big lt {5_000_000_000L} and On eq {true} and At ge {when} and Id eq {id}");

        Assert.Equal(
            "PartitionKey eq 'O''Brien' and Count gt 5 and Big lt 5000000000L and On eq true and At ge datetime'2025-01-02T01:04:05.678Z' and Id eq guid'0f8fad5b-d9cb-469f-a165-70867728950e'",
            filter);
    }

    [Fact]
    public void CreateQueryFilterCannotBeBrokenOutOfByAValue()
    {
        var hostile = "x' or PartitionKey ne '";

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {hostile}");

        Assert.Equal("PartitionKey eq 'x'' or PartitionKey ne '''", filter);
    }
}
