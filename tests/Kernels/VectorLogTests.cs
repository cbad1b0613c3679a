using System.Numerics;
using DataflowLung.Kernels.Cpu;
using FsCheck;
using FsCheck.Xunit;

namespace DataflowLung.Tests.Kernels;

public class VectorLogTests
{
    [Property(MaxTest = 300)]
    public bool Equals_math_log_to_float_precision_for_positive_normal_floats(int seed)
    {
        var rng = new Random(seed);
        var x = new float[Vector<float>.Count];
        for (int i = 0; i < x.Length; i++) x[i] = (float)Math.Exp(rng.NextDouble() * 160 - 80); // 1e-35 .. 5e34
        var y = VectorLog.Log(new Vector<float>(x));
        for (int i = 0; i < x.Length; i++)
        {
            double exact = Math.Log(x[i]);
            if (Math.Abs(y[i] - exact) > 3e-7 * Math.Max(1.0, Math.Abs(exact))) return false;
        }
        return true;
    }

    [Fact]
    public void Is_exact_at_powers_of_two_and_continuous_across_the_square_root_of_two_split()
    {
        var y = VectorLog.Log(new Vector<float>(1f));
        Assert.Equal(0f, y[0]);
        Assert.Equal(Math.Log(1024.0), VectorLog.Log(new Vector<float>(1024f))[0], 5);
        float below = VectorLog.Log(new Vector<float>(1.4142134f))[0], above = VectorLog.Log(new Vector<float>(1.4142137f))[0];
        Assert.InRange(above - below, 0f, 1e-6f);
        Assert.Equal(Math.Log(1e-7), VectorLog.Log(new Vector<float>(1e-7f))[0], 5);
    }
}
