using LanguageExt;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>A named dataset: how its folder must look (for error messages and docs), what its recordings are
/// labelled with, and how to scan it.</summary>
public sealed record DatasetAdapter(string Name, string Layout, DatasetLabels Provides, Func<string, DatasetOptions, Fin<DatasetScan>> ScanFolder);
