using System.Globalization;

namespace DataflowLung.Tests.Kernels.Support;

/// <summary>Golden files written offline by bench/anchors/make_kernel_fixtures.py with torchaudio.</summary>
public static class KernelFixtures
{
    static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Kernels", "Fixtures", name);

    static IEnumerable<double[]> Rows(string name) =>
        File.ReadLines(PathOf(name)).Skip(1).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());

    public static float[] Signal() => Rows("signal.csv").Select(r => (float)r[0]).ToArray();

    /// <summary>A sparse 'row,column,value' file as a dense row-major [rows × columns] array.</summary>
    public static double[] Dense(string name, int rows, int columns, bool transposed = false)
    {
        var dense = new double[rows * columns];
        foreach (var r in Rows(name))
        {
            int a = (int)r[0], b = (int)r[1];
            dense[transposed ? b * columns + a : a * columns + b] = r[2];
        }
        return dense;
    }
}
