using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataflowLung.Model.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Bench;

/// <summary><c>profile --model NAME --seconds N [--batch 16] [--threads T] [--mels 128] [--frames 313]</c>: where a
/// training step's time goes, module by module. One forward pass over a random batch records every module's input
/// (its exact tensor: shape and memory layout, so a channels-last activation stays channels-last); then each module is
/// timed alone on a copy of its input, forward and forward + backward (the gradient of the output's sum with respect to
/// the module's parameters, and to its input when the step needs that: not for the batch itself), alternating modules round by round so a neighbour's load hits all alike,
/// until the budget is spent. A parent's time includes its children's, so the table is read as a tree; the whole
/// model's row is the step without loss and optimizer. Prints the table, then a JSON object as its last line.
/// <para>libtorch's own profiler is not exposed by TorchSharp 0.107; timing whole modules keeps what the training
/// step sees (layout conversions between modules excepted: they happen in the parent's forward).</para></summary>
public static class LayerProfile
{
    private const int WarmUpRounds = 2;

    public static int Run(string[] args) => ModelBenchOptions.RunWith("profile", args, Measure);

    private sealed record Entry(string Name, string Type, int Depth, Tensor Input, bool InputNeedsGrad, nn.Module<Tensor, Tensor> Module)
    {
        public List<double> Forward { get; } = [];
        public List<double> ForwardBackward { get; } = [];
    }

    private static int Measure(ModelBenchOptions o, ModelFactory factory)
    {
        if (o.Threads > 0) torch.set_num_threads(o.Threads);
        var shape = new ModelShape(o.Mels, o.Frames, 1);
        using var model = factory.Create(shape, seed: 0);
        model.train();
        var batch = o.RandomBatch(Enumerable.Range(0, o.Batch).Select(i => (float)(i % 2)).ToArray());
        using var input = Model.Training.BatchTensors.Inputs(batch, CPU).DetachFromDisposeScope();

        var entries = Record(model, input);
        var clock = Stopwatch.StartNew();
        for (int round = 0; round < WarmUpRounds || clock.Elapsed.TotalSeconds < o.Seconds; round++)
        {
            var order = round % 2 == 0 ? entries : Enumerable.Reverse(entries);
            foreach (var e in order)
            {
                var (forward, both) = TimeOnce(e);
                if (round < WarmUpRounds) continue;
                e.Forward.Add(forward);
                e.ForwardBackward.Add(both);
            }
        }

        double whole = StepStatistics.Median(entries[0].ForwardBackward);
        Console.WriteLine($"{"module",-44} {"type",-18} {"fwd ms",9} {"fwd+bwd ms",11} {"share",7}");
        foreach (var e in entries)
        {
            double fb = StepStatistics.Median(e.ForwardBackward);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{new string(' ', 2 * e.Depth) + e.Name,-44} {e.Type,-18} {1e3 * StepStatistics.Median(e.Forward),9:F2} {1e3 * fb,11:F2} {100 * fb / whole,6:F1}%"));
        }
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["impl"] = "torchsharp",
            ["model"] = factory.Name,
            ["batch"] = o.Batch,
            ["input"] = $"1x{o.Mels}x{o.Frames}",
            ["threads"] = torch.get_num_threads(),
            ["rounds"] = entries[0].Forward.Count,
            ["modules"] = entries.Select(e => new Dictionary<string, object>
            {
                ["name"] = e.Name,
                ["type"] = e.Type,
                ["fwd_ms"] = Math.Round(1e3 * StepStatistics.Median(e.Forward), 3),
                ["fwd_bwd_ms"] = Math.Round(1e3 * StepStatistics.Median(e.ForwardBackward), 3),
            }).ToArray(),
        }));
        foreach (var e in entries) e.Input.Dispose();
        return 0;
    }

    /// <summary>Every <c>Module&lt;Tensor, Tensor&gt;</c> of <paramref name="model"/> (itself first) with a copy of the
    /// input it saw in one forward pass, in the order the modules are listed.</summary>
    private static List<Entry> Record(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        var seen = new Dictionary<nn.Module<Tensor, Tensor>, (Tensor Input, bool NeedsGrad)>(ReferenceEqualityComparer.Instance);
        var hooks = new List<Action>();
        var named = new List<(string Name, nn.Module<Tensor, Tensor> Module)> { ("(model)", model) };
        named.AddRange(model.named_modules().Where(m => m.module is nn.Module<Tensor, Tensor>)
            .Select(m => (m.name, (nn.Module<Tensor, Tensor>)m.module)));
        foreach (var (_, module) in named.Skip(1))
        {
            var handle = module.register_forward_pre_hook((m, x) =>
            {
                if (!seen.ContainsKey(m)) seen[m] = (x.detach().clone().DetachFromDisposeScope(), x.requires_grad);
                return x;
            });
            hooks.Add(handle.remove);
        }
        using (var scope = NewDisposeScope()) model.call(input);
        foreach (var remove in hooks) remove();
        seen[model] = (input.detach().clone().DetachFromDisposeScope(), false);
        return named.Where(n => seen.ContainsKey(n.Module))
            .Select(n => new Entry(n.Name, n.Module.GetType().Name, n.Name == "(model)" ? 0 : n.Name.Count(c => c == '.') + 1,
                seen[n.Module].Input, seen[n.Module].NeedsGrad, n.Module))
            .ToList();
    }

    private static (double Forward, double ForwardBackward) TimeOnce(Entry e)
    {
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        using (no_grad()) e.Module.call(e.Input);
        double forward = clock.Elapsed.TotalSeconds;
        // As in a training step: the data needs no gradient, an activation computed from parameters does.
        var x = e.Input.detach().requires_grad_(e.InputNeedsGrad);
        clock.Restart();
        var y = e.Module.call(x);
        y.sum().backward();
        double both = clock.Elapsed.TotalSeconds;
        foreach (var p in e.Module.parameters()) p.grad?.zero_();
        return (forward, both);
    }
}
