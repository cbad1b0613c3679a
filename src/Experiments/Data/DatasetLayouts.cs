using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Experiments.Data;

/// <summary>How each dataset's folder must look (the adapter's own description), for error messages.</summary>
public static class DatasetLayouts
{
    public static string Describe(string dataset) =>
        DatasetRegistry.All.Find(a => a.Name == dataset).Match(
            a => $"{dataset}/ holding {a.Layout}",
            () => $"{dataset}/ (unknown dataset)");
}
