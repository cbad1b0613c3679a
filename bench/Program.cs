using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DataflowLung.Bench.Features;

namespace DataflowLung.Bench;

public static class Program
{
    public static int Main(string[] args)
    {
        // As the runner does for a job (src/Runner/Program.cs), so bench train and job measure what a job runs.
        Model.Training.ProcessSettings.Configure(longRunning: true);
        switch (args.FirstOrDefault())
        {
            case "features": return FeaturesThroughput.Run(args[1..]);
            case "pipeline": return PipelineThroughput.Run(args[1..]);
            case "train": return TrainThroughput.Run(args[1..]);
            case "infer": return InferThroughput.Run(args[1..]);
            case "profile": return LayerProfile.Run(args[1..]);
            case "job": return WholeJob.JobComparison.Run(args[1..]);
            case "longwav": return LongRecordingMemory.Run(args[1..]);
            default:
                // In-process: BenchmarkDotNet's generated project cannot find this exe, whose assembly name
                // (DataflowLung.Bench) differs from its project file name (Bench.csproj).
                var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
                return 0;
        }
    }
}
