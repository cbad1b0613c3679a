namespace DataflowLung.Pipeline.Metrics;

/// <summary>What a level's metrics rest on: its rows (chunks, recordings or patients) and patients, each split
/// into positive and negative by the task's positive rule (pneumonia; for crackles/wheezes, abnormal = any crackle or
/// wheeze; for the cycles tasks, abnormal = a class other than normal).</summary>
public sealed record LevelSupport(int Positive, int Negative, int Patients, int PositivePatients, int NegativePatients);
