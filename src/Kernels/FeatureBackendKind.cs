namespace DataflowLung.Kernels;

/// <summary>Which implementation computes features. Auto = ILGPU on a CUDA device when one exists, else Cpu.</summary>
public enum FeatureBackendKind { Auto, Cpu, Ilgpu, Reference }
