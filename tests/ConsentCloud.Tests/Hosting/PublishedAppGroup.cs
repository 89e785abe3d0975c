namespace ConsentCloud.Tests.Hosting;

/// <summary>The test classes that run the published app share one publish (it is the slow part).</summary>
[CollectionDefinition(Name)]
public sealed class PublishedAppGroup : ICollectionFixture<PublishedFunctionsApp>
{
    public const string Name = "Published app";
}
