namespace DataflowLung.Model.Models;

/// <summary>How <see cref="DepthwiseSimdRun"/> lays a work item's values into vectors: <see cref="Lanes"/>, vectors
/// across the channels of channels-last rows (<see cref="DepthwiseLanePlan"/>: no transposes, but a vector runs every
/// tap any of its channels has), or <see cref="Planes"/>, vectors across the pixels of per-channel planes
/// (<see cref="DepthwiseSimdPlanarRun"/>: each channel's own k² taps only, at the cost of transposing in and out).</summary>
internal enum DepthwiseSimdLayout { Lanes, Planes }

/// <summary>Which <see cref="DepthwiseSimdLayout"/> a call takes: the planar one when its multiply-adds (each channel's
/// k², over the width rounded up to whole vectors) are at most <see cref="PlanarShare"/> of the lane walk's (each vector
/// phase's tap box, over W·C floats). Mixednet, AVX-512, its five blocks (8, 16, 32, 64, 128 channels; width 313, 157,
/// 79, 40, 20): 0.42, 0.54, 0.71, 1.04, 1.44, so blocks 0 and 1 take the planes; AVX2: 0.42, 0.71, 0.88, 0.95, 1.12,
/// block 0 only.</summary>
internal static class DepthwiseSimdLayouts
{
    /// <summary>The break-even measured on mixednet's blocks (bench profile, fwd + bwd of the mix rows, planes against
    /// lanes): 0.42 → 0.77× the time, 0.54 → 0.83×, 0.71 → 1.18×, so the transposes cost about a third of the lane
    /// walk's multiply-adds.</summary>
    public const double PlanarShare = 0.6;

    public static DepthwiseSimdLayout Choose(DepthwiseSimdGeometry geometry, int width, int lanes)
    {
        double lanesCost = LaneWalkMultiplyAdds(geometry, width, lanes);
        double planarCost = PlanarMultiplyAdds(geometry, width, lanes);
        return planarCost <= PlanarShare * lanesCost ? DepthwiseSimdLayout.Planes : DepthwiseSimdLayout.Lanes;
    }

    /// <summary>Vector multiply-adds per output row of the lane walk: W·C / lanes vectors, each its phase's tap box.</summary>
    public static double LaneWalkMultiplyAdds(DepthwiseSimdGeometry geometry, int width, int lanes)
    {
        var plan = geometry.Plan(lanes, flipped: false);
        double meanTaps = plan.Boxes.Average(b => (double)(b.Y1 - b.Y0) * (b.X1 - b.X0));
        return (double)width * geometry.Channels / lanes * meanTaps;
    }

    /// <summary>Vector multiply-adds per output row of the planes: each channel's k² per vector of its padded row.</summary>
    public static double PlanarMultiplyAdds(DepthwiseSimdGeometry geometry, int width, int lanes) =>
        (double)PlaneLayout.VectorWidth(width, lanes) / lanes * geometry.ChannelKernels.Sum(k => (double)k * k);
}
