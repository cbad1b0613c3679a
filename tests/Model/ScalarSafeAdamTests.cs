using DataflowLung.Model.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Model;

/// <summary><see cref="ScalarSafeAdam"/>: the same update as TorchSharp's Adam, bit for bit, and no freed scalar when
/// another thread's allocations start collections during the steps (TorchSharp's own Adam aborted within seconds under
/// the same load: "Expected false to be true ... toDouble" in div).</summary>
public sealed class ScalarSafeAdamTests
{
    static (Parameter[] Parameters, Tensor[] Inputs) Problem(int seed)
    {
        var generator = new TorchSharp.torch.Generator((ulong)seed);
        var parameters = new[] { new Parameter(randn([8, 5], generator: generator)), new Parameter(randn([5], generator: generator)) };
        var inputs = Enumerable.Range(0, 4).Select(_ => randn([16, 8], generator: generator)).ToArray();
        return (parameters, inputs);
    }

    /// <summary>Every value bit-identical (float32 parameters).</summary>
    static bool Same(Tensor a, Tensor b) => a.data<float>().ToArray().SequenceEqual(b.data<float>().ToArray());

    static void Steps(Parameter[] parameters, Tensor[] inputs, OptimizerHelper optimizer, int steps)
    {
        for (int s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var x = inputs[s % inputs.Length];
            var loss = (x.matmul(parameters[0]) + parameters[1]).tanh().pow(2).mean();
            loss.backward();
            optimizer.step();
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-4)]
    public void Matches_torchsharps_adam_bit_for_bit(double weightDecay)
    {
        var (mine, inputs) = Problem(3);
        var (theirs, _) = Problem(3);
        using var safe = new ScalarSafeAdam(mine, 1e-2, 0.9, 0.999, 1e-7, weightDecay);
        using var torchsharp = optim.Adam(theirs, lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-7, weight_decay: weightDecay);
        Steps(mine, inputs, safe, 25);
        Steps(theirs, inputs, torchsharp, 25);
        for (int i = 0; i < mine.Length; i++)
        {
            Assert.True(Same(mine[i], theirs[i]), $"parameter {i} differs from TorchSharp's Adam after 25 steps");
            Assert.False(Same(mine[i], Problem(3).Parameters[i]), $"parameter {i} did not move");
        }
    }

    /// <summary>Enough steps that TorchSharp's own Adam read a freed scalar (an abort in div) in most tries here.</summary>
    const int StressSteps = 30000;

    /// <summary>A single 64 × 64 weight and loss Σw²: the step is almost all optimizer, so most of the time is spent in
    /// the native calls that take scalars.</summary>
    static Parameter StressRun(Func<Parameter, OptimizerHelper> optimizer)
    {
        var weight = new Parameter(randn([64, 64], generator: new TorchSharp.torch.Generator(5)));
        using var adam = optimizer(weight);
        for (int s = 0; s < StressSteps; s++)
        {
            using var scope = NewDisposeScope();
            adam.zero_grad();
            (weight * weight).sum().backward();
            adam.step();
        }
        return weight;
    }

    [Fact]
    public void Steps_beside_a_thread_that_allocates_and_collects_give_the_quiet_result()
    {
        static OptimizerHelper Safe(Parameter w) => new ScalarSafeAdam([w], 1e-3, 0.9, 0.999, 1e-8, 1e-4);
        var quiet = StressRun(Safe);
        var stop = false;
        var noise = new Thread(() =>
        {
            var keep = new object[64];
            for (int i = 0; !Volatile.Read(ref stop); i++)
            {
                keep[i % keep.Length] = new byte[1000];
                if (i % 2000 == 0) { GC.Collect(); GC.WaitForPendingFinalizers(); }
            }
        });
        noise.Start();
        Parameter loaded;
        try
        {
            loaded = StressRun(Safe);
        }
        finally
        {
            Volatile.Write(ref stop, true);
            noise.Join();
        }
        Assert.True(Same(loaded, quiet), "the weights differ from the quiet run's after steps beside concurrent collections");
    }
}
