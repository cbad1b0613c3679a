using TorchSharp;
using static TorchSharp.torch;

namespace DataflowLung.Tests.Model;

/// <summary>Proves the native stack (libtorch through TorchSharp) loads and trains on this machine.</summary>
public sealed class TorchSharpSmokeTests
{
    [Fact]
    public void Conv_forward_backward_and_an_optimiser_step_run_on_the_cpu()
    {
        torch.random.manual_seed(7);
        var conv = nn.Conv2d(1, 4, 3, padding: 1);
        var head = nn.Linear(4, 1);
        using var x = torch.randn(2, 1, 8, 8);
        using var y = torch.tensor(new float[] { 0f, 1f }).reshape(2, 1);
        var parameters = conv.parameters().Concat(head.parameters()).ToList();
        var opt = optim.Adam(parameters, lr: 0.05);
        float first = 0, last = 0;
        for (int step = 0; step < 30; step++)
        {
            opt.zero_grad();
            using var h = nn.functional.relu(conv.forward(x)).mean([2L, 3L]);
            using var logits = head.forward(h);
            using var loss = nn.functional.binary_cross_entropy_with_logits(logits, y);
            loss.backward();
            opt.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.NotNull(conv.weight!.grad);
        Assert.True(last < first * 0.5f, $"loss did not fall: {first} -> {last}");
    }

    [Fact]
    public void Stft_runs_natively()
    {
        using var signal = torch.sin(torch.arange(0, 4096, dtype: ScalarType.Float32) * (2 * Math.PI * 64 / 1024));
        using var window = torch.hann_window(1024);
        using var spec = torch.stft(signal, 1024, hop_length: 256, window: window, return_complex: true);
        using var mag = spec.abs();
        // A tone at bin 64 dominates every frame away from the reflect-padded edges.
        var peak = mag.argmax(0).data<long>().ToArray();
        Assert.Equal(17, peak.Length);
        Assert.All(peak[1..^1], b => Assert.Equal(64, b));
    }
}
