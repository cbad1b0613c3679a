using BenchmarkDotNet.Attributes;
using DataflowLung.Pipeline.Augment;

namespace DataflowLung.Bench;

/// <summary>Cost of the audio augmenters on one 10 s chunk at 8 kHz (the original's window): the phase
/// vocoder dominates AugMix, which runs 2 × width of them per augmented chunk with the default chain.</summary>
[MemoryDiagnoser]
public class AugmentBenchmarks
{
    float[] _chunk = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = SeededRandom.For(1);
        _chunk = new float[80_000];
        for (int i = 0; i < _chunk.Length; i++) _chunk[i] = (float)(0.3 * rng.NextGaussian());
    }

    [Benchmark] public float[] TimeStretch09() => TimeStretch.Apply(_chunk, 0.9);
    [Benchmark] public float[] PitchShiftUp2() => PitchShift.Apply(_chunk, 8000, 2);
    [Benchmark] public float[] NoiseAt20Db() => Noise.AddAtSnr(_chunk, 20, 3);
}
