using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using DataflowLung.Kernels.Spectral;

namespace DataflowLung.Kernels.Cpu;

/// <summary>SIMD CPU backend. A work item is a group of W = Vector&lt;float&gt;.Count consecutive frames of one
/// clip, laid out structure-of-arrays (lane l = frame f0 + l), so every FFT butterfly, the power, the mel
/// projection and the log run on whole vectors with no shuffles, and the mel output of a group is one
/// contiguous vector store per mel row ([mel, frame] layout). The n_fft real FFT is an n_fft/2 complex
/// radix-2 FFT of (even, odd) samples plus the usual untangling step. Workers pull items from a shared
/// counter (all cores); each worker owns pinned scratch allocated once, so a batch allocates nothing
/// beyond Parallel.For's own bookkeeping.</summary>
public sealed unsafe class CpuFeatureBackend : IFeatureBackend
{
    static readonly int W = Vector<float>.Count;

    readonly FeatureParams p;
    readonly int half, bins, nMels, hop, padLeft, groupsPerClip, workers;
    readonly float[] window;          // n_fft, zero-padded Hann
    readonly BatchedRealFft fft;
    readonly int[] packedIndex;       // n_fft: where sample n goes in the packed FFT input
    readonly int[] melFirst, melCount, melOffset;
    readonly float[] melWeights;
    readonly float[][] scratch;       // per worker: re | im | power, each as [index][lane]
    readonly Action<int> workerBody;
    readonly Action<int> passBody;
    readonly object gate = new();

    // State of the batch in flight (guarded by gate).
    nint clipsPtr, outputPtr;
    int batchItems, nextItem, batchSize, nextClip;

    public CpuFeatureBackend(FeatureParams p, int clipSamples, int maxDegreeOfParallelism = 0)
    {
        Frames = FeatureShape.ValidateAndCountFrames(p, clipSamples);
        this.p = p;
        ClipSamples = clipSamples;
        half = p.NFft / 2;
        bins = p.Bins;
        nMels = p.NMels;
        hop = p.HopLength;
        padLeft = Framing.PadLeft(p);
        groupsPerClip = (Frames + W - 1) / W;
        workers = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;

        window = FrameWindow.For(p).Select(v => (float)v).ToArray();
        fft = new BatchedRealFft(p.NFft);
        packedIndex = Enumerable.Range(0, p.NFft).Select(fft.PackedIndex).ToArray();

        var bank = MelFilterbank.Create(p);
        melFirst = bank.Filters.Select(f => f.FirstBin).ToArray();
        melCount = bank.Filters.Select(f => f.Count).ToArray();
        melOffset = new int[nMels];
        for (int m = 1; m < nMels; m++) melOffset[m] = melOffset[m - 1] + melCount[m - 1];
        melWeights = bank.Filters.SelectMany(f => f.Weights).Select(v => (float)v).ToArray();

        int scratchFloats = (2 * half + bins) * W;
        scratch = Enumerable.Range(0, workers).Select(_ => GC.AllocateArray<float>(scratchFloats, pinned: true)).ToArray();
        workerBody = RunWorker;
        passBody = RunSpectrogramPass;
    }

    public string Name => "cpu";
    public FeatureParams Params => p;
    public int ClipSamples { get; }
    public int Frames { get; }

    public void Compute(ReadOnlySpan<float> clips, int batchSize, Span<float> output)
    {
        FeatureShape.ValidateCall(this, clips.Length, batchSize, output.Length);
        if (batchSize == 0) return;
        lock (gate)
        {
            fixed (float* c = clips)
            fixed (float* o = output)
            {
                clipsPtr = (nint)c;
                outputPtr = (nint)o;
                this.batchSize = batchSize;
                batchItems = batchSize * groupsPerClip;
                nextItem = -1;
                Parallel.For(0, Math.Min(workers, batchItems), workerBody);
                if (Compression.NeedsSpectrogramPass(p))
                {
                    nextClip = -1;
                    Parallel.For(0, Math.Min(workers, batchSize), passBody);
                }
                clipsPtr = outputPtr = 0;
            }
        }
    }

    void RunWorker(int worker)
    {
        fixed (float* s = scratch[worker])
        {
            for (int item = Interlocked.Increment(ref nextItem); item < batchItems; item = Interlocked.Increment(ref nextItem))
            {
                int clip = item / groupsPerClip, f0 = (item % groupsPerClip) * W;
                float* re = s, im = s + half * W, power = s + 2 * half * W;
                Gather((float*)clipsPtr + (long)clip * ClipSamples, f0, re, im);
                fft.PowerSpectrum(re, im, power, magnitude: p.Power == 1.0);
                MelAndStore(power, (float*)outputPtr + (long)clip * nMels * Frames, f0);
            }
        }
    }

    void RunSpectrogramPass(int worker)
    {
        int size = nMels * Frames;
        for (int c = Interlocked.Increment(ref nextClip); c < batchSize; c = Interlocked.Increment(ref nextClip))
            Compression.ApplySpectrogramPass(new Span<float>((float*)outputPtr + (long)c * size, size), p);
    }

    /// <summary>Windowed frames f0..f0+W−1 (past-the-end lanes repeat the last frame and are never stored),
    /// packed for the FFT: even samples to the real parts, odd to the imaginary parts, bit-reversed. Sample n of
    /// all W frames lands in one vector, so the writes are whole vectors; when every lane's frame lies inside
    /// the clip the W reads are one AVX2 gather (frames are hop samples apart).</summary>
    void Gather(float* clip, int f0, float* re, float* im)
    {
        if (p.Convention == FrameConvention.Kaldi)
        {
            GatherKaldi(clip, f0, re, im);
            return;
        }
        int first = f0 * hop - padLeft, last = Math.Min(f0 + W - 1, Frames - 1) * hop - padLeft;
        if (Avx2.IsSupported && W == 8 && f0 + W <= Frames && first >= 0 && last + p.NFft <= ClipSamples)
        {
            var offsets = Vector256.Create(0, hop, 2 * hop, 3 * hop, 4 * hop, 5 * hop, 6 * hop, 7 * hop);
            float* x = clip + first;
            for (int n = 0; n < p.NFft; n += 2)
            {
                var even = Avx2.GatherVector256(x + n, offsets, 4).AsVector() * new Vector<float>(window[n]);
                var odd = Avx2.GatherVector256(x + n + 1, offsets, 4).AsVector() * new Vector<float>(window[n + 1]);
                Unsafe.WriteUnaligned(re + packedIndex[n], even);
                Unsafe.WriteUnaligned(im + packedIndex[n], odd);
            }
            return;
        }
        for (int lane = 0; lane < W; lane++)
        {
            int start = Math.Min(f0 + lane, Frames - 1) * hop - padLeft;
            if (start >= 0 && start + p.NFft <= ClipSamples) // interior frame: straight reads
            {
                float* x = clip + start;
                for (int n = 0; n < p.NFft; n += 2)
                {
                    int dst = packedIndex[n] + lane;
                    re[dst] = x[n] * window[n];
                    im[dst] = x[n + 1] * window[n + 1];
                }
            }
            else // edge frame: reflect padding
            {
                for (int n = 0; n < p.NFft; n += 2)
                {
                    int dst = packedIndex[n] + lane;
                    re[dst] = clip[Framing.Reflect(start + n, ClipSamples)] * window[n];
                    im[dst] = clip[Framing.Reflect(start + n + 1, ClipSamples)] * window[n + 1];
                }
            }
        }
    }

    /// <summary>The Kaldi convention's frames (<see cref="KaldiFrame"/>), lane by lane: each frame's mean (summed in
    /// double) removed, pre-emphasis, window, zeros past win_length; frames always lie inside the clip (snip_edges).</summary>
    void GatherKaldi(float* clip, int f0, float* re, float* im)
    {
        int win = p.EffectiveWinLength;
        float c = (float)p.Preemphasis;
        for (int lane = 0; lane < W; lane++)
        {
            float* x = clip + (long)Math.Min(f0 + lane, Frames - 1) * hop;
            double sum = 0;
            for (int n = 0; n < win; n++) sum += x[n];
            float mean = (float)(sum / win);
            for (int n = 0; n < p.NFft; n++)
            {
                float v = n < win ? window[n] * ((x[n] - mean) - c * (x[Math.Max(n - 1, 0)] - mean)) : 0f;
                ((n & 1) == 0 ? re : im)[packedIndex[n] + lane] = v;
            }
        }
    }

    void MelAndStore(float* power, float* spectrogram, int f0)
    {
        var eps = new Vector<float>((float)p.LogEpsilon);
        bool fullGroup = f0 + W <= Frames;
        for (int m = 0; m < nMels; m++)
        {
            var acc = Vector<float>.Zero;
            float* pw = power + melFirst[m] * W;
            int offset = melOffset[m];
            for (int j = 0; j < melCount[m]; j++) acc += new Vector<float>(melWeights[offset + j]) * Load(pw, j);
            if (p.Log == LogMode.Natural) acc = VectorLog.Log(acc + eps);
            else if (p.Log == LogMode.NaturalFloor) acc = VectorLog.Log(Vector.Max(acc, eps));
            float* row = spectrogram + (long)m * Frames + f0;
            if (fullGroup) Unsafe.WriteUnaligned(row, acc);
            else for (int lane = 0; f0 + lane < Frames; lane++) row[lane] = p.CubeRoot ? MathF.Cbrt(acc[lane]) : acc[lane];
            if (fullGroup && p.CubeRoot) for (int lane = 0; lane < W; lane++) row[lane] = MathF.Cbrt(row[lane]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<float> Load(float* basePtr, int index) => Unsafe.ReadUnaligned<Vector<float>>(basePtr + index * W);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(float* basePtr, int index, Vector<float> v) => Unsafe.WriteUnaligned(basePtr + index * W, v);

    public void Dispose() { }
}
