using Azure;

namespace ConsentCloud.Web.Storage;

/// <summary>What one action of an entity group transaction does.</summary>
public enum TableTransactionActionType
{
    Add = 0,
    UpdateMerge = 1,
    UpdateReplace = 2,
    Delete = 3,
    UpsertMerge = 4,
    UpsertReplace = 5,
}

/// <summary>
/// One action of <see cref="TableClient.SubmitTransactionAsync"/>. For updates and deletes, <paramref name="etag"/>
/// is the If-Match condition; left at its default the action is unconditional (<c>*</c>).
/// </summary>
public sealed class TableTransactionAction(TableTransactionActionType actionType, ITableEntity entity, ETag etag = default)
{
    public TableTransactionActionType ActionType { get; } = actionType;

    public ITableEntity Entity { get; } = entity ?? throw new ArgumentNullException(nameof(entity));

    public ETag ETag { get; } = etag;
}
