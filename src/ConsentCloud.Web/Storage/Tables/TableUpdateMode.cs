namespace ConsentCloud.Web.Storage;

/// <summary>How an update treats properties the sent entity does not carry.</summary>
public enum TableUpdateMode
{
    /// <summary>Keep them (HTTP MERGE).</summary>
    Merge = 0,

    /// <summary>Drop them (HTTP PUT).</summary>
    Replace = 1,
}
