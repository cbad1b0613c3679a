namespace DataflowLung.Model.Models;

/// <summary>Half-open ranges of kernel rows and columns <c>[Y0, Y1) × [X0, X1)</c> inside the combined K×K kernel.</summary>
internal readonly record struct TapBox(int Y0, int Y1, int X0, int X1);

/// <summary>How one lane width walks a channels-last row: the row of W pixels × C channels is one run of W·C floats,
/// and the float at flat position j belongs to channel j mod C. A vector of <see cref="Lanes"/> floats starting at j
/// therefore sees the same channels at j and j + <see cref="Period"/> (the least common multiple of C and the lane
/// count), so a row is walked one <em>phase</em> (start j mod Period, a multiple of the lane count) at a time, each
/// with one weight vector per tap and <see cref="Boxes"/>[phase]: the taps where any of its channels has a weight.
/// Vectors span pixels when C is smaller than the lane count (8 channels: an AVX-512 vector is two pixels).</summary>
internal sealed record DepthwiseLanePlan(int Lanes, int Period, TapBox[] Boxes)
{
    public int Phases => Period / Lanes;
}

/// <summary>The mixed depthwise convolution's geometry: channel c runs a k_c × k_c kernel with TF "same" padding
/// (⌊(k−1)/2⌋ before, the rest after); all are placed inside one K×K kernel (K the largest) at offset
/// ⌊(K−1)/2⌋ − ⌊(k_c−1)/2⌋ on both axes, so every channel pads its input the same ⌊(K−1)/2⌋ before.</summary>
internal sealed record DepthwiseSimdGeometry(int Channels, int Kernel, int[] ChannelKernels)
{
    public static DepthwiseSimdGeometry Of(IReadOnlyList<long> groupSizes, IReadOnlyList<long> kernels)
    {
        if (groupSizes.Count != kernels.Count || kernels.Count == 0)
            throw new ArgumentException($"{groupSizes.Count} channel groups for {kernels.Count} kernels");
        var perChannel = groupSizes.SelectMany((s, i) => Enumerable.Repeat((int)kernels[i], (int)s)).ToArray();
        if (perChannel.Any(k => k < 1)) throw new ArgumentException("a kernel size is below 1");
        return new DepthwiseSimdGeometry(perChannel.Length, perChannel.Max(), perChannel);
    }

    /// <summary>Rows (and columns) of zeros the forward puts before the input: ⌊(K−1)/2⌋.</summary>
    public int Before => (Kernel - 1) / 2;

    /// <summary>Rows (and columns) after: K − 1 − <see cref="Before"/>.</summary>
    public int After => Kernel - 1 - Before;

    /// <summary>Where channel <paramref name="c"/>'s own kernel starts inside the K×K one.</summary>
    public int Offset(int c) => Before - (ChannelKernels[c] - 1) / 2;

    private TapBox ChannelBox(int c, bool flipped)
    {
        int start = flipped ? Kernel - Offset(c) - ChannelKernels[c] : Offset(c);
        return new TapBox(start, start + ChannelKernels[c], start, start + ChannelKernels[c]);
    }

    /// <summary>The walk for vectors of <paramref name="lanes"/> floats; <paramref name="flipped"/>: the kernel rotated
    /// by 180° (the input gradient's correlation).</summary>
    public DepthwiseLanePlan Plan(int lanes, bool flipped)
    {
        int period = Lcm(Channels, lanes);
        var boxes = Enumerable.Range(0, period / lanes).Select(p =>
        {
            var channels = Enumerable.Range(p * lanes, lanes).Select(q => ChannelBox(q % Channels, flipped)).ToArray();
            return new TapBox(channels.Min(b => b.Y0), channels.Max(b => b.Y1), channels.Min(b => b.X0), channels.Max(b => b.X1));
        }).ToArray();
        return new DepthwiseLanePlan(lanes, period, boxes);
    }

    /// <summary>The K×K×Period weight table a plan reads: entry <c>[tap, q]</c> is channel (q mod C)'s weight at that tap
    /// of the combined kernel (<paramref name="combined"/>, <c>[C, K, K]</c>), rotated by 180° when flipped.</summary>
    public float[] Table(float[] combined, int period, bool flipped)
    {
        int taps = Kernel * Kernel;
        var table = new float[taps * period];
        for (int tap = 0; tap < taps; tap++)
        {
            int source = flipped ? taps - 1 - tap : tap;
            for (int q = 0; q < period; q++) table[tap * period + q] = combined[q % Channels * taps + source];
        }
        return table;
    }

    /// <summary>Where channel <paramref name="c"/>'s kernel rotated by 180° starts inside the K×K one rotated by 180°
    /// (the input gradient's correlation): K − offset − k.</summary>
    public int FlippedOffset(int c) => Kernel - Offset(c) - ChannelKernels[c];

    /// <summary>Each channel's own k×k kernel (row-major, rotated by 180° when <paramref name="flipped"/>) cut out of the
    /// <c>[C, K, K]</c> <paramref name="combined"/> one, at <c>[c·K·K, c·K·K + k²)</c>: what the planar loops read.</summary>
    public float[] ChannelWeights(float[] combined, bool flipped)
    {
        int taps = Kernel * Kernel;
        var weights = new float[Channels * taps];
        for (int c = 0; c < Channels; c++)
        {
            int k = ChannelKernels[c], o = Offset(c);
            for (int y = 0; y < k; y++)
            for (int x = 0; x < k; x++)
            {
                int target = flipped ? (k - 1 - y) * k + k - 1 - x : y * k + x;
                weights[c * taps + target] = combined[c * taps + (y + o) * Kernel + x + o];
            }
        }
        return weights;
    }

    /// <summary>The <c>[C, K, K]</c> combined kernel from the groups' <c>[size, 1, k, k]</c> weights (row-major floats).</summary>
    public float[] Combine(IReadOnlyList<float[]> groupWeights)
    {
        int taps = Kernel * Kernel;
        var combined = new float[Channels * taps];
        int c = 0;
        foreach (var weights in groupWeights)
        {
            if (weights.Length == 0) continue; // a group with no channels (fewer channels than kernels)
            int k = ChannelKernels[c], size = weights.Length / (k * k);
            for (int local = 0; local < size; local++, c++)
            {
                int o = Offset(c);
                for (int y = 0; y < k; y++)
                for (int x = 0; x < k; x++)
                    combined[c * taps + (y + o) * Kernel + x + o] = weights[(local * k + y) * k + x];
            }
        }
        if (c != Channels) throw new ArgumentException($"the group weights hold {c} channels, the geometry {Channels}");
        return combined;
    }

    /// <summary>Group <paramref name="group"/>'s <c>[size, 1, k, k]</c> weight gradient (row-major) cut out of the
    /// combined kernel's <c>[C, K, K]</c> gradient.</summary>
    public float[] Split(double[] combinedGradient, int firstChannel, int size)
    {
        if (size == 0) return [];
        int k = ChannelKernels[firstChannel], taps = Kernel * Kernel;
        var gradient = new float[size * k * k];
        for (int local = 0; local < size; local++)
        {
            int c = firstChannel + local, o = Offset(c);
            for (int y = 0; y < k; y++)
            for (int x = 0; x < k; x++)
                gradient[(local * k + y) * k + x] = (float)combinedGradient[c * taps + (y + o) * Kernel + x + o];
        }
        return gradient;
    }

    private static int Lcm(int a, int b)
    {
        int x = a, y = b;
        while (y != 0) (x, y) = (y, x % y);
        return a / x * b;
    }
}
