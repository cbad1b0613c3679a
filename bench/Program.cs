using BenchmarkDotNet.Running;
using DataflowLung.Bench.Features;

namespace DataflowLung.Bench;

public static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "features": return FeaturesThroughput.Run(args[1..]);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
