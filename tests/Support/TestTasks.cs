using DataflowLung.Pipeline.Tasks;

namespace DataflowLung.Tests.Support;

/// <summary>Tasks by command name, for theories (attribute arguments must be constants).</summary>
public static class TestTasks
{
    public static LearningTask Named(string name) =>
        TaskRegistry.Find(name).IfNone(() => throw new ArgumentException($"no task named {name}", nameof(name)));
}
