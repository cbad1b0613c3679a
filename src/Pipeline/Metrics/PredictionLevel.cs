namespace DataflowLung.Pipeline.Metrics;

/// <summary>Prediction level in predictions.csv: a chunk, a whole recording (mean of its chunks) or a
/// patient (mean of its recordings' chunks).</summary>
public enum PredictionLevel { Chunk, Recording, Patient }
