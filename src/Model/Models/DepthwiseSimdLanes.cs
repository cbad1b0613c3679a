using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DataflowLung.Model.Models;

/// <summary>The few vector operations <see cref="DepthwiseSimdKernels"/> needs, over a register type
/// <typeparamref name="TVec"/> of <see cref="Count"/> floats. The kernels are generic over a struct implementing it,
/// so the JIT compiles one specialised copy per path with every call inlined.</summary>
internal unsafe interface IDepthwiseLanes<TVec> where TVec : struct
{
    static abstract int Count { get; }
    static abstract TVec Zero { get; }
    static abstract TVec Load(float* p);
    /// <summary>Every lane <paramref name="value"/>.</summary>
    static abstract TVec Splat(float value);
    static abstract void Store(float* p, TVec v);
    /// <summary>a·b + c.</summary>
    static abstract TVec MulAdd(TVec a, TVec b, TVec c);
    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Relu(TVec a);
}

/// <summary>16 floats, AVX-512F.</summary>
internal readonly unsafe struct Avx512Lanes : IDepthwiseLanes<Vector512<float>>
{
    public static int Count => 16;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(float* p) => Avx512F.LoadVector512(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector512<float> v) => Avx512F.Store(p, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.FusedMultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => Avx512F.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Relu(Vector512<float> a) => Avx512F.Max(a, Vector512<float>.Zero);
}

/// <summary>8 floats, AVX2 with FMA.</summary>
internal readonly unsafe struct Avx2Lanes : IDepthwiseLanes<Vector256<float>>
{
    public static int Count => 8;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(float* p) => Avx.LoadVector256(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, Vector256<float> v) => Avx.Store(p, v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Fma.MultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => Avx.Add(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Relu(Vector256<float> a) => Avx.Max(a, Vector256<float>.Zero);
}

/// <summary>One float: the fallback for CPUs without AVX2 + FMA, and every path's tail of a row that does not fill a
/// whole vector. A plain multiply and add (no FMA instruction to rely on).</summary>
internal readonly unsafe struct ScalarLanes : IDepthwiseLanes<float>
{
    public static int Count => 1;
    public static float Zero => 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(float* p) => *p;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Splat(float value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float* p, float v) => *p = v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MulAdd(float a, float b, float c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Relu(float a) => a > 0f ? a : 0f;
}
