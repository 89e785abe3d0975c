using Azure;

namespace ConsentCloud.Web.Storage;

/// <summary>The system properties every table entity has (named as in Azure.Data.Tables).</summary>
public interface ITableEntity
{
    string PartitionKey { get; set; }

    string RowKey { get; set; }

    DateTimeOffset? Timestamp { get; set; }

    ETag ETag { get; set; }
}
