using System.Text;
using Azure;

namespace ConsentCloud.Web.Storage;

/// <summary>
/// Checks an entity group transaction and writes its <c>multipart/mixed</c> body: one changeset holding one
/// HTTP request per action. The service's rules are enforced here, before anything is sent (Azurite is laxer).
/// </summary>
internal sealed class TableTransactionRequest
{
    public const int MaxActions = 100;
    public const int MaxBodyBytes = 4 * 1024 * 1024;
    private const string Crlf = "\r\n";

    private TableTransactionRequest(string batchBoundary, byte[] body)
    {
        BatchBoundary = batchBoundary;
        Body = body;
    }

    public string BatchBoundary { get; }

    public string ContentType => $"multipart/mixed; boundary={BatchBoundary}";

    public byte[] Body { get; }

    private static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count == 0)
        {
            throw new ArgumentException("A transaction needs at least one action.", nameof(actions));
        }

        if (actions.Count > MaxActions)
        {
            throw new ArgumentException($"A transaction holds at most {MaxActions} actions; this one has {actions.Count}.", nameof(actions));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            ArgumentNullException.ThrowIfNull(action, nameof(actions));
            TableKeys.ValidateKeys(action.Entity);
            if (action.Entity.PartitionKey != actions[0].Entity.PartitionKey)
            {
                throw new ArgumentException("All actions of a transaction must share one PartitionKey.", nameof(actions));
            }

            if (!seen.Add(action.Entity.RowKey))
            {
                throw new ArgumentException("A transaction may touch each entity only once.", nameof(actions));
            }
        }
    }

    public static TableTransactionRequest Create(string tableUri, IReadOnlyList<TableTransactionAction> actions)
    {
        Validate(actions);
        var batch = "batch_" + Guid.NewGuid().ToString("N");
        var changeset = "changeset_" + Guid.NewGuid().ToString("N");
        var text = new StringBuilder()
            .Append("--").Append(batch).Append(Crlf)
            .Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append(Crlf)
            .Append(Crlf);

        foreach (var action in actions)
        {
            text.Append("--").Append(changeset).Append(Crlf)
                .Append("Content-Type: application/http").Append(Crlf)
                .Append("Content-Transfer-Encoding: binary").Append(Crlf)
                .Append(Crlf);
            AppendRequest(text, tableUri, action);
        }

        text.Append("--").Append(changeset).Append("--").Append(Crlf)
            .Append(Crlf)
            .Append("--").Append(batch).Append("--").Append(Crlf);

        var body = Encoding.UTF8.GetBytes(text.ToString());
        if (body.Length > MaxBodyBytes)
        {
            throw new ArgumentException("A transaction's payload is at most 4 MiB.", nameof(actions));
        }

        return new TableTransactionRequest(batch, body);
    }

    private static void AppendRequest(StringBuilder text, string tableUri, TableTransactionAction action)
    {
        var entity = action.Entity;
        var entityUri = tableUri + TableKeys.KeySegment(entity.PartitionKey, entity.RowKey);
        var ifMatch = action.ETag == default ? ETag.All.ToString() : action.ETag.ToString();
        var (method, uri, condition, hasBody) = action.ActionType switch
        {
            TableTransactionActionType.Add => ("POST", tableUri, null, true),
            TableTransactionActionType.UpdateMerge => ("MERGE", entityUri, ifMatch, true),
            TableTransactionActionType.UpdateReplace => ("PUT", entityUri, ifMatch, true),
            TableTransactionActionType.UpsertMerge => ("MERGE", entityUri, null, true),
            TableTransactionActionType.UpsertReplace => ("PUT", entityUri, null, true),
            TableTransactionActionType.Delete => ("DELETE", entityUri, ifMatch, false),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.ActionType, "Unknown transaction action type."),
        };

        text.Append(method).Append(' ').Append(uri).Append(" HTTP/1.1").Append(Crlf)
            .Append("Accept: ").Append(TableProtocol.AcceptJson).Append(Crlf)
            .Append("DataServiceVersion: 3.0;").Append(Crlf);
        if (condition is not null)
        {
            text.Append("If-Match: ").Append(condition).Append(Crlf);
        }

        if (!hasBody)
        {
            text.Append(Crlf);
            return;
        }

        if (action.ActionType == TableTransactionActionType.Add)
        {
            text.Append("Prefer: return-no-content").Append(Crlf);
        }

        text.Append("Content-Type: application/json").Append(Crlf)
            .Append(Crlf)
            .Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(entity))).Append(Crlf);
    }
}
