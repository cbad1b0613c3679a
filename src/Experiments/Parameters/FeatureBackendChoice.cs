namespace DataflowLung.Experiments.Parameters;

/// <summary>Which feature backend computes the log-mel spectrograms: <c>auto</c> picks ILGPU when an
/// accelerator is present and the SIMD CPU backend otherwise.</summary>
public enum FeatureBackendChoice { Auto, Cpu, Ilgpu }
