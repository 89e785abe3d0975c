namespace ConsentCloud.Web.Storage;

/// <summary>A table in the account.</summary>
public sealed record TableItem(string Name);
