using System.CommandLine;

namespace DataflowLung.Runner;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("DataflowLung: train and evaluate lung-sound classifiers (pneumonia, crackles/wheezes).");
        return root.Parse(args).Invoke();
    }
}
