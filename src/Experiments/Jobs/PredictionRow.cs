namespace DataflowLung.Experiments.Jobs;

/// <summary>Prediction level in predictions.csv: a chunk, a whole recording (mean of its chunks) or a
/// patient (mean of its recordings' chunks).</summary>
public enum PredictionLevel { Chunk, Recording, Patient }

/// <summary>One line of predictions.csv: what was predicted, its truth and the model's probabilities
/// (one per output: pneumonia, or crackles and wheezes).</summary>
public sealed record PredictionRow(
    PredictionLevel Level,
    string Name,
    string Dataset,
    string Recording,
    string Patient,
    float[] Labels,
    float[] Probabilities);
