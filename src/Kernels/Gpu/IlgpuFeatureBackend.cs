using System.Runtime.InteropServices;
using DataflowLung.Kernels.Spectral;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace DataflowLung.Kernels.Gpu;

/// <summary>ILGPU backend: frame (in the Kaldi convention: row means, then mean removal, pre-emphasis and window)
/// → log2(n_fft/2) radix-2 butterfly stages → real-FFT untangle + power →
/// sparse mel + log, each a kernel loaded once at construction. Device buffers are kept across batches and
/// grow only when a larger batch arrives. Runs on CUDA when present, else on ILGPU's CPU accelerator (slow;
/// there for correctness). Per-spectrogram steps (dB, normalisation) run on the host after the copy back.</summary>
public sealed class IlgpuFeatureBackend : IFeatureBackend
{
    readonly Context context;
    readonly Accelerator accelerator;
    readonly FrameGeometry geometry;
    readonly MemoryBuffer1D<float, Stride1D.Dense> window, fftCos, fftSin, rfftCos, rfftSin, melWeights;
    readonly MemoryBuffer1D<int, Stride1D.Dense> bitReverse, melFirst, melCount, melOffset;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, FrameGeometry> frameKernel;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, FrameGeometry> rowMeanKernel;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, FrameGeometry> kaldiFrameKernel;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> butterflyKernel;
    readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, FrameGeometry, int> powerKernel;
    readonly Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, FrameGeometry, int, float> melKernel;
    readonly object gate = new();
    MemoryBuffer1D<float, Stride1D.Dense>? clipsBuffer, reBuffer, imBuffer, powerBuffer, outputBuffer, meansBuffer;
    int capacity; // clips the batch buffers hold

    /// <summary>Uses CUDA when <paramref name="preferCuda"/> and a CUDA device exist, else the CPU accelerator.</summary>
    public IlgpuFeatureBackend(FeatureParams p, int clipSamples, bool preferCuda = true)
    {
        Frames = FeatureShape.ValidateAndCountFrames(p, clipSamples);
        Params = p;
        ClipSamples = clipSamples;
        context = Context.Create(b => b.Default().EnableAlgorithms());
        var device = preferCuda ? context.GetPreferredDevice(preferCPU: false) : context.GetPreferredDevice(preferCPU: true);
        accelerator = device.CreateAccelerator(context);
        int half = p.NFft / 2;
        geometry = new FrameGeometry(clipSamples, Frames, half, p.Bins, p.HopLength, Framing.PadLeft(p), p.NMels, p.EffectiveWinLength, (float)p.Preemphasis);

        var windowValues = FrameWindow.For(p);
        window = Upload(windowValues.Select(v => (float)v).ToArray());
        bitReverse = Upload(Enumerable.Range(0, half).Select(i => ReverseBits(i, half)).ToArray());
        fftCos = Upload(Enumerable.Range(0, Math.Max(1, half / 2)).Select(k => (float)Math.Cos(2 * Math.PI * k / half)).ToArray());
        fftSin = Upload(Enumerable.Range(0, Math.Max(1, half / 2)).Select(k => (float)-Math.Sin(2 * Math.PI * k / half)).ToArray());
        rfftCos = Upload(Enumerable.Range(0, p.Bins).Select(k => (float)Math.Cos(2 * Math.PI * k / p.NFft)).ToArray());
        rfftSin = Upload(Enumerable.Range(0, p.Bins).Select(k => (float)-Math.Sin(2 * Math.PI * k / p.NFft)).ToArray());
        var bank = MelFilterbank.Create(p);
        var counts = bank.Filters.Select(f => f.Count).ToArray();
        melFirst = Upload(bank.Filters.Select(f => f.FirstBin).ToArray());
        melCount = Upload(counts);
        melOffset = Upload(counts.Select((_, m) => counts.Take(m).Sum()).ToArray());
        melWeights = Upload(bank.Filters.SelectMany(f => f.Weights).Select(v => (float)v).DefaultIfEmpty(0f).ToArray());

        frameKernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, FrameGeometry>(SpectrogramKernels.Frame);
        rowMeanKernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, FrameGeometry>(SpectrogramKernels.RowMean);
        kaldiFrameKernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<float>, FrameGeometry>(SpectrogramKernels.FrameKaldi);
        butterflyKernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(SpectrogramKernels.Butterfly);
        powerKernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, FrameGeometry, int>(SpectrogramKernels.Power);
        melKernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, ArrayView<float>, FrameGeometry, int, float>(SpectrogramKernels.Mel);
    }

    /// <summary>True when ILGPU sees a CUDA device (what Auto uses to pick this backend). Probed once per process: the
    /// probe builds an ILGPU context (about 0.3 s), and a job asks for every backend it makes (features, spectrograms).</summary>
    public static bool CudaAvailable() => CudaProbe.Value;

    private static readonly Lazy<bool> CudaProbe = new(() =>
    {
        using var probe = Context.Create(b => b.Cuda());
        return probe.GetCudaDevices().Count > 0;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public string Name => $"ilgpu-{accelerator.AcceleratorType.ToString().ToLowerInvariant()}";
    public FeatureParams Params { get; }
    public int ClipSamples { get; }
    public int Frames { get; }

    public void Compute(ReadOnlySpan<float> clips, int batchSize, Span<float> output)
    {
        FeatureShape.ValidateCall(this, clips.Length, batchSize, output.Length);
        if (batchSize == 0) return;
        lock (gate)
        {
            EnsureCapacity(batchSize);
            var g = geometry;
            int rows = batchSize * Frames;
            clipsBuffer!.View.SubView(0, clips.Length).CopyFromCPU(ref MemoryMarshal.GetReference(clips), clips.Length);
            var re = reBuffer!.View; var im = imBuffer!.View;
            if (Params.Convention == FrameConvention.Kaldi)
            {
                rowMeanKernel(rows, clipsBuffer.View, meansBuffer!.View, g);
                kaldiFrameKernel(rows * g.Half, clipsBuffer.View, meansBuffer.View, window.View, bitReverse.View, re, im, g);
            }
            else
                frameKernel(rows * g.Half, clipsBuffer.View, window.View, bitReverse.View, re, im, g);
            for (int len = 2; len <= g.Half; len <<= 1)
                butterflyKernel(rows * (g.Half / 2), re, im, fftCos.View, fftSin.View, g.Half, len);
            powerKernel(rows * g.Bins, re, im, rfftCos.View, rfftSin.View, powerBuffer!.View, g, Params.Power == 1.0 ? 1 : 0);
            int compression = Params.CubeRoot ? 2 : Params.Log switch { LogMode.Natural => 1, LogMode.NaturalFloor => 3, _ => 0 };
            melKernel(output.Length, powerBuffer.View, melFirst.View, melCount.View, melOffset.View, melWeights.View,
                outputBuffer!.View, g, compression, (float)Params.LogEpsilon);
            outputBuffer.View.SubView(0, output.Length).CopyToCPU(ref MemoryMarshal.GetReference(output), output.Length);
            if (Compression.NeedsSpectrogramPass(Params))
            {
                int size = Params.NMels * Frames;
                for (int c = 0; c < batchSize; c++) Compression.ApplySpectrogramPass(output.Slice(c * size, size), Params);
            }
        }
    }

    void EnsureCapacity(int batchSize)
    {
        if (batchSize <= capacity) return;
        DisposeBatchBuffers();
        long rows = (long)batchSize * Frames;
        clipsBuffer = accelerator.Allocate1D<float>((long)batchSize * ClipSamples);
        reBuffer = accelerator.Allocate1D<float>(rows * geometry.Half);
        imBuffer = accelerator.Allocate1D<float>(rows * geometry.Half);
        powerBuffer = accelerator.Allocate1D<float>(rows * geometry.Bins);
        outputBuffer = accelerator.Allocate1D<float>(rows * geometry.NMels);
        meansBuffer = accelerator.Allocate1D<float>(rows);
        capacity = batchSize;
    }

    MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(T[] data) where T : unmanaged => accelerator.Allocate1D(data);

    static int ReverseBits(int i, int n)
    {
        int rev = 0;
        for (int bit = 1, top = n >> 1; bit < n; bit <<= 1, top >>= 1) if ((i & bit) != 0) rev |= top;
        return rev;
    }

    void DisposeBatchBuffers()
    {
        clipsBuffer?.Dispose(); reBuffer?.Dispose(); imBuffer?.Dispose(); powerBuffer?.Dispose(); outputBuffer?.Dispose(); meansBuffer?.Dispose();
    }

    public void Dispose()
    {
        DisposeBatchBuffers();
        foreach (var b in new MemoryBuffer[] { window, fftCos, fftSin, rfftCos, rfftSin, melWeights, bitReverse, melFirst, melCount, melOffset }) b.Dispose();
        accelerator.Dispose();
        context.Dispose();
    }
}
