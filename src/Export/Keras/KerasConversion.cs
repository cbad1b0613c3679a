namespace DataflowLung.Export.Keras;

/// <summary>How a Keras weight's layout becomes a torch parameter's. Keras is channels-last: a Conv2D kernel is
/// <c>[kh, kw, in, out]</c> (torch <c>[out, in, kh, kw]</c>), a DepthwiseConv2D kernel <c>[kh, kw, in, multiplier]</c>
/// (torch <c>[in·multiplier, 1, kh, kw]</c>, output channel <c>c·multiplier + m</c>, as TF orders them), a Dense kernel
/// <c>[in, out]</c> (torch <c>[out, in]</c>); biases and BatchNormalization's gamma, beta, moving mean and variance are
/// per-channel vectors in both. Pure functions over row-major float arrays.</summary>
public enum KerasConversion { Vector, Conv2D, Depthwise, Dense }

public static class KerasConversions
{
    /// <summary>The Keras shape of a torch parameter of shape <paramref name="torch"/> (what the file must hold).</summary>
    public static long[] KerasShape(KerasConversion conversion, long[] torch) => conversion switch
    {
        KerasConversion.Conv2D => [torch[2], torch[3], torch[1], torch[0]],
        // torch [in·m, 1, kh, kw]; the models here use multiplier 1, so in = torch[0].
        KerasConversion.Depthwise => [torch[2], torch[3], torch[0], 1],
        KerasConversion.Dense => [torch[1], torch[0]],
        _ => torch,
    };

    /// <summary>The values of <paramref name="keras"/> (shape <paramref name="shape"/>) in the torch layout.</summary>
    public static float[] ToTorch(KerasConversion conversion, long[] shape, float[] keras)
    {
        var result = new float[keras.Length];
        switch (conversion)
        {
            // A depthwise kernel [kh, kw, in, m] is, row-major, a Conv2D kernel [kh, kw, 1, in·m] whose output channel
            // is c·m + m′, exactly torch's [in·m, 1, kh, kw]: one transposition serves both.
            case KerasConversion.Conv2D or KerasConversion.Depthwise:
            {
                long kh = shape[0], kw = shape[1];
                long cin = conversion == KerasConversion.Conv2D ? shape[2] : 1;
                long cout = conversion == KerasConversion.Conv2D ? shape[3] : shape[2] * shape[3];
                for (long y = 0; y < kh; y++)
                for (long x = 0; x < kw; x++)
                for (long i = 0; i < cin; i++)
                for (long o = 0; o < cout; o++)
                    result[((o * cin + i) * kh + y) * kw + x] = keras[((y * kw + x) * cin + i) * cout + o];
                return result;
            }
            case KerasConversion.Dense:
            {
                long cin = shape[0], cout = shape[1];
                for (long i = 0; i < cin; i++)
                for (long o = 0; o < cout; o++)
                    result[o * cin + i] = keras[i * cout + o];
                return result;
            }
            default:
                Array.Copy(keras, result, keras.Length);
                return result;
        }
    }
}
