using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>Datasets by name (<c>icbhi,jordan,perch,antwerp,antwerp-sim,bd,sprsound</c>). A <c>manifest.csv</c> in a
/// dataset's folder takes precedence over its layout adapter.</summary>
public static class DatasetRegistry
{
    public static readonly Seq<DatasetAdapter> All = Seq(
        new DatasetAdapter(IcbhiAdapter.Name, IcbhiAdapter.Layout, IcbhiAdapter.Provides, IcbhiAdapter.Scan),
        new DatasetAdapter(JordanAdapter.Name, JordanAdapter.Layout, JordanAdapter.Provides, JordanAdapter.Scan),
        new DatasetAdapter(PerchAdapter.Name, PerchAdapter.Layout, PerchAdapter.Provides, PerchAdapter.Scan),
        new DatasetAdapter(AntwerpAdapter.Name, AntwerpAdapter.Layout, AntwerpAdapter.Provides, AntwerpAdapter.Scan),
        new DatasetAdapter(AntwerpAdapter.SimulatedName, AntwerpAdapter.Layout, AntwerpAdapter.Provides, AntwerpAdapter.ScanSimulated),
        new DatasetAdapter(BdAdapter.Name, BdAdapter.Layout, BdAdapter.Provides, BdAdapter.Scan),
        new DatasetAdapter(SprsoundAdapter.Name, SprsoundAdapter.Layout, SprsoundAdapter.Provides, SprsoundAdapter.Scan));

    public static Seq<string> Names => All.Map(a => a.Name);

    /// <summary>What a dataset's recordings are labelled with (nothing for a name no adapter has).</summary>
    public static DatasetLabels Provides(string dataset) => All.Find(a => a.Name == dataset).Map(a => a.Provides).IfNone(DatasetLabels.None);

    /// <summary>The datasets whose labels can serve <paramref name="task"/>, in registry order.</summary>
    public static Seq<string> Serving(Tasks.LearningTask task) => All.Filter(a => task.CanLearnFrom(a.Provides)).Map(a => a.Name);

    /// <summary>Adapters for a comma-separated list of names (case-insensitive, duplicates ignored).</summary>
    public static Fin<Seq<DatasetAdapter>> Resolve(string names)
    {
        var requested = toSeq(names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Map(n => n.ToLowerInvariant()).Distinct();
        if (requested.IsEmpty)
            return Error.New($"no dataset named; expected a comma-separated list of: {string.Join(", ", Names)}");
        var unknown = requested.Filter(n => !Names.Contains(n));
        if (!unknown.IsEmpty)
            return Error.New($"unknown dataset{(unknown.Count > 1 ? "s" : "")} '{string.Join("', '", unknown)}'; known datasets: {string.Join(", ", Names)}");
        return requested.Map(n => All.Find(a => a.Name == n).Head());
    }

    /// <summary>Scans <c>folder</c> with the adapter (or its manifest). A missing folder, or one with no
    /// recordings at all, is an error saying where it looked and what the folder must contain.</summary>
    public static Fin<DatasetScan> Scan(DatasetAdapter adapter, string folder, DatasetOptions options)
    {
        var problems = options.Problems();
        if (problems.Count > 0) return Error.New(string.Join("; ", problems));
        if (!Directory.Exists(folder))
            return Error.New($"dataset '{adapter.Name}': folder '{Path.GetFullPath(folder)}' not found. It must contain {adapter.Layout}.");
        var manifest = Path.Combine(folder, ManifestAdapter.FileName);
        var scan = File.Exists(manifest) ? ManifestAdapter.Scan(adapter.Name, manifest) : adapter.ScanFolder(folder, options);
        return scan.Bind(s => s.Recordings.IsEmpty && s.Skipped.IsEmpty
            ? FinFail<DatasetScan>(Error.New($"dataset '{adapter.Name}': no recordings in '{Path.GetFullPath(folder)}'. It must contain {adapter.Layout}."))
            : FinSucc(s));
    }

    /// <summary>Every named dataset from its subfolder of <paramref name="dataRoot"/> (<c>DATA_ROOT/icbhi</c>, ...).
    /// All failures are reported together.</summary>
    public static Fin<Seq<DatasetScan>> ScanAll(string dataRoot, string names, DatasetOptions options) =>
        Resolve(names).Bind(adapters => adapters.Map(a => Scan(a, Path.Combine(dataRoot, a.Name), options)).CollectAll());
}
