namespace DataflowLung.Tests.Support;

/// <summary>Test traits, so the fast unit and property tests can run apart from the end-to-end jobs:
/// <c>dotnet test -c Release --filter "Category!=EndToEnd"</c> (seconds) and <c>--filter "Category=EndToEnd"</c> (the
/// classes that run whole jobs through the CLI: training, evaluate, predict, export, cross-validation, resume).</summary>
public static class TestCategory
{
    public const string Name = "Category";
    public const string EndToEnd = "EndToEnd";
}
