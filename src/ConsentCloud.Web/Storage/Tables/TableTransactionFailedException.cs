using Azure;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// An entity group transaction was rolled back. <see cref="RequestFailedException.Status"/> and
/// <see cref="RequestFailedException.ErrorCode"/> are those of the failing action, whose position in the submitted
/// list is <see cref="FailedTransactionActionIndex"/> (null when the service did not say).
/// </summary>
public sealed class TableTransactionFailedException : RequestFailedException
{
    public TableTransactionFailedException(string message)
        : base(message)
    {
    }

    public TableTransactionFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal TableTransactionFailedException(Response failedActionResponse, int? failedTransactionActionIndex)
        : base(failedActionResponse, null, StorageErrors.Parser)
    {
        FailedTransactionActionIndex = failedTransactionActionIndex;
    }

    public int? FailedTransactionActionIndex { get; }
}
