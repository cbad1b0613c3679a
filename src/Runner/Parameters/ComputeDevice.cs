namespace DataflowLung.Runner.Parameters;

/// <summary>Where the model trains (TorchSharp device).</summary>
public enum ComputeDevice { Cpu, Cuda }
