// Golden-file regression test: pins what one fixed-seed training job writes, byte for byte, so that a refactor of
// the application layer (src/Runner) can show it changed nothing a user sees in metrics.csv, predictions.csv and
// report.json.
//
// What it runs: the real CLI entry point in-process (Cli.RunAsync, through CliArgumentTests.Run), exactly the
// arguments in JobArguments below:
//   pneumonia --datasets icbhi,jordan --data-root <TMP>/data --model tiny --epochs 2 --seed 1234
//             --features cpu --out <TMP>/runs --set cache_root=<TMP>/cache
// <TMP> is a fresh temp folder (removed afterwards); nothing else is written anywhere. <TMP>/data is a fixed
// subset of the real recordings (TestData.Root: DATAFLOWLUNG_DATA, else ../shared/data beside the checkout),
// copied so the job takes ~30 s instead of ~65 s for all of them (2 quiet cores) while keeping its coverage: both
// adapters (ICBHI 44.1 kHz and 4 kHz recordings with their cycle files and the diagnosis file; Jordan names with
// commas and stray spaces, all three pneumonia patients, so the split stays stratified and validation has a
// positive patient), padded last chunks, every report level (chunk, recording, patient). `--features cpu`
// pins the feature backend (the default `auto` would switch to ILGPU where a CUDA GPU is present); on a
// machine without a GPU `auto` chooses cpu anyway, so the compared files are the same. The test skips when
// the recordings are absent, or differ from the ones the golden was made from (inputs.txt: name, size, SHA-256).
//
// Golden files live in tests/Runner/Golden/<cpu class>/ (found from this source file via [CallerFilePath], else
// from the copy in the test output folder). The cpu class is "<os>-<isa>-t<torch threads>", e.g.
// linux-avx512-t2, because the numbers legitimately depend on all three: libtorch and the JIT pick AVX-512 or
// AVX2 kernels, the C runtime's exp/log differ by OS, and libtorch's intra-op thread count changes how its
// reductions are split (measured: a 1-thread and a 2-thread run of this job differ from the first epoch's loss
// on, ~1e-5; runs with the same thread count are identical). With no golden for the running class, the test skips
// and says how to make one.
//
// (Re)generate the goldens for this machine, review the diff, commit:
//   DATAFLOWLUNG_WRITE_GOLDEN=1 dotnet test tests/Tests.csproj -c Release --filter "FullyQualifiedName~GoldenJobTests"
// In that mode the test writes the normalised outputs into the source tree instead of comparing (and reports
// itself skipped, since it compared nothing).
//
// What is normalised before comparing (GoldenNormaliser; everything else must match exactly):
//   - absolute paths: the job folder -> <JOB>, the temp folder -> <TMP> (the data root and cache are under it);
//   - report.json, by path (arrays are transparent, * is any one property name): see ReportJsonVarying;
//   - metrics.csv columns: see MetricsCsvVarying.
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataflowLung.Runner.Cli;
using DataflowLung.Tests.Support;

namespace DataflowLung.Tests.Runner;

[Trait(TestCategory.Name, TestCategory.EndToEnd)]
public sealed class GoldenJobTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public const string WriteGoldenVariable = "DATAFLOWLUNG_WRITE_GOLDEN";
    const string Seed = "1234";
    static readonly string[] ComparedFiles = ["metrics.csv", "predictions.csv", "report.json"];
    const string InputsFile = "inputs.txt";

    // The subset of the real recordings the job runs on (see the header).
    static readonly string[] IcbhiPatients = ["101", "103", "104", "130"];
    static readonly string[] IcbhiListFiles = ["ICBHI_Challenge_diagnosis.txt", "ICBHI_challenge_train_test.txt"];
    static bool JordanPatient(int n) => n < 25 || n is 36 or 37 or 69; // 36, 37, 69: the pneumonia patients

    static string[] JobArguments(string data, string runs, string cache) =>
    [
        "pneumonia", "--datasets", "icbhi,jordan", "--data-root", data, "--model", "tiny", "--epochs", "2", "--seed", Seed,
        "--features", "cpu", "--out", runs, "--set", $"cache_root={cache}",
    ];

    [SkippableFact]
        public async Task Fixed_seed_pneumonia_job_writes_the_golden_metrics_predictions_and_report()
    {
        Skip.If(TestData.Dataset("icbhi") is null || TestData.Dataset("jordan") is null, TestData.SkipReason);
        bool write = Environment.GetEnvironmentVariable(WriteGoldenVariable) == "1";
        string cpuClass = CpuClass();
        string golden = Path.Combine(GoldenRoot(), cpuClass);
        Skip.If(!write && !ComparedFiles.Append(InputsFile).All(f => File.Exists(Path.Combine(golden, f))),
            $"no golden files for cpu class \"{cpuClass}\" (looked in {golden}). Create them on this machine with " +
            $"`{WriteGoldenVariable}=1 dotnet test tests/Tests.csproj -c Release --filter \"FullyQualifiedName~GoldenJobTests\"`, " +
            "then review and commit tests/Runner/Golden/" + cpuClass + "/.");

        using var tmp = new TempFolder();
        string data = tmp.Combine("data"), runs = tmp.Combine("runs"), cache = tmp.Combine("cache");
        string inputs = CopyInputs(data);
        if (!write)
        {
            string expected = File.ReadAllText(Path.Combine(golden, InputsFile));
            Skip.If(expected != inputs,
                $"the recordings under {TestData.Root} are not the ones {Path.Combine(golden, InputsFile)} was made from " +
                $"(first difference: {FirstDifference(expected, inputs)}); point DATAFLOWLUNG_DATA at those, or regenerate with {WriteGoldenVariable}=1.");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, stdout, stderr) = await CliArgumentTests.Run(null, JobArguments(data, runs, cache));
        Assert.True(code == ExitCodes.Success, $"job failed ({code}):\n{stderr}\n{stdout}");
        string job = Path.Combine(runs, "pneumonia", "default", "001");
        Assert.Contains($"report: {Path.Combine(job, "report.json")}", stdout);
        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(job, "report.json"))))
            output.WriteLine($"cpu class {cpuClass}; job ran {clock.Elapsed.TotalSeconds:F1} s; stage seconds: " +
                string.Join(", ", report.RootElement.GetProperty("timing").GetProperty("stage_seconds").EnumerateObject().Select(p => $"{p.Name} {p.Value}")));

        var paths = new[] { (job, "<JOB>"), (tmp.Path, "<TMP>") }; // most specific first
        var actual = ComparedFiles.ToDictionary(f => f, f => Normalise(f, StrictUtf8.GetString(File.ReadAllBytes(Path.Combine(job, f))), paths));

        if (write)
        {
            string source = Path.Combine(SourceGoldenRoot(), cpuClass);
            Directory.CreateDirectory(source);
            File.WriteAllText(Path.Combine(source, InputsFile), inputs, StrictUtf8);
            foreach (var (file, text) in actual) File.WriteAllText(Path.Combine(source, file), text, StrictUtf8);
            Skip.If(true, $"{WriteGoldenVariable}=1: wrote the golden files to {source} instead of comparing; review and commit them.");
        }

        foreach (var file in ComparedFiles)
        {
            string expected = StrictUtf8.GetString(File.ReadAllBytes(Path.Combine(golden, file)));
            Assert.True(expected == actual[file],
                $"{file} differs from the golden {Path.Combine(golden, file)} (after normalisation): {FirstDifference(expected, actual[file], file.EndsWith(".csv", StringComparison.Ordinal))}. " +
                $"If the change is intended, regenerate with {WriteGoldenVariable}=1 (see the top of GoldenJobTests.cs).");
        }
    }

    /// <summary>Normalises one of the compared files (see <see cref="GoldenNormaliser"/>).</summary>
    static string Normalise(string file, string text, IReadOnlyList<(string Path, string Token)> paths)
    {
        string keyed = file switch
        {
            "report.json" => GoldenNormaliser.Json(text, GoldenNormaliser.ReportJsonVarying),
            "metrics.csv" => GoldenNormaliser.CsvColumns(text, GoldenNormaliser.MetricsCsvVarying),
            _ => text,
        };
        return GoldenNormaliser.Paths(keyed, paths);
    }

    // Read and written as bytes (GetString keeps a byte-order mark as U+FEFF, so even one is compared).
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The class of machine the numbers depend on: OS (C runtime maths), instruction set (libtorch and JIT
    /// kernels), libtorch's intra-op thread count (how its reductions are split).</summary>
    static string CpuClass()
    {
        string os = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "other";
        string isa = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 when Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported => "avx512",
            Architecture.X64 when Avx2.IsSupported && Fma.IsSupported => "avx2",
            Architecture.X64 => "x64",
            var a => a.ToString().ToLowerInvariant(),
        };
        return $"{os}-{isa}-t{TorchSharp.torch.get_num_threads()}";
    }

    static string SourceGoldenRoot([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "Golden");

    /// <summary>The source tree's Golden folder where it exists (the usual case), else the copy the build puts in the output folder.</summary>
    static string GoldenRoot()
    {
        string source = SourceGoldenRoot();
        return Directory.Exists(source) ? source : Path.Combine(AppContext.BaseDirectory, "Runner", "Golden");
    }

    /// <summary>Copies the subset into <paramref name="data"/> and returns its manifest: one line per file,
    /// "dataset/name TAB bytes TAB sha256", in ordinal order.</summary>
    static string CopyInputs(string data)
    {
        var files = new List<(string Dataset, string Source)>();
        string icbhi = TestData.Dataset("icbhi")!, jordan = TestData.Dataset("jordan")!;
        files.AddRange(IcbhiListFiles.Select(f => ("icbhi", Path.Combine(icbhi, f))).Where(f => File.Exists(f.Item2)));
        files.AddRange(Directory.EnumerateFiles(icbhi)
            .Where(f => f.EndsWith(".wav", StringComparison.Ordinal) || f.EndsWith(".txt", StringComparison.Ordinal))
            .Where(f => IcbhiPatients.Any(p => Path.GetFileName(f).StartsWith(p + "_", StringComparison.Ordinal)))
            .Select(f => ("icbhi", f)));
        files.AddRange(Directory.EnumerateFiles(jordan, "*.wav")
            .Where(f => Regex.Match(Path.GetFileName(f), @"^[BDE]P(\d+)_") is { Success: true } m && JordanPatient(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)))
            .Select(f => ("jordan", f)));
        var manifest = new StringBuilder();
        foreach (var (dataset, source) in files.OrderBy(f => f.Dataset + "/" + Path.GetFileName(f.Source), StringComparer.Ordinal))
        {
            string target = Path.Combine(data, dataset, Path.GetFileName(source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
            var bytes = File.ReadAllBytes(target);
            manifest.Append(CultureInfo.InvariantCulture, $"{dataset}/{Path.GetFileName(source)}\t{bytes.Length}\t{Convert.ToHexStringLower(SHA256.HashData(bytes))}\n");
        }
        return manifest.ToString();
    }

    /// <summary>Where the texts first differ: line, character (for a CSV also the column's name), ±40 characters of each.</summary>
    static string FirstDifference(string expected, string actual, bool csv = false)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string? x = i < e.Length ? e[i] : null, y = i < a.Length ? a[i] : null;
            if (x == y) continue;
            if (x is null || y is null) return $"line {i + 1}: expected «{x ?? "(end of file)"}» but got «{y ?? "(end of file)"}»";
            int c = 0;
            while (c < x.Length && c < y.Length && x[c] == y[c]) c++;
            string column = csv && GoldenNormaliser.SplitCells(e[0]).ElementAtOrDefault(GoldenNormaliser.SplitCells(x[..c]).Count - 1) is { } name
                ? $" (column {name})" : "";
            return $"line {i + 1}, character {c + 1}{column}: expected «{Around(x, c)}» but got «{Around(y, c)}»";
        }
        return "none (identical)";

        static string Around(string s, int at) =>
            (at > 40 ? "…" : "") + s[Math.Max(0, at - 40)..Math.Min(s.Length, at + 40)] + (at + 40 < s.Length ? "…" : "");
    }
}

/// <summary>Replaces only what legitimately varies from run to run or machine to machine; the rest of the text is
/// left byte for byte as the job wrote it (values are spliced out of the original text, never re-serialised).</summary>
internal static class GoldenNormaliser
{
    public const string Placeholder = "<normalised>";

    /// <summary>report.json values replaced by "&lt;normalised&gt;", as dotted paths (array levels add no segment,
    /// <c>*</c> matches any one property name). Each is a clock reading, a version, or a function of the machine's
    /// core count or thread scheduling; every count, metric, split and model figure stays compared.</summary>
    public static readonly string[] ReportJsonVarying =
    [
        "started", "finished",                                 // timestamps
        "versions.*",                                          // runner (git commit), .NET, OS, TorchSharp, ILGPU
        "timing.stage_seconds.*", "timing.trainer_wait_seconds", "timing.total_seconds", // wall times
        "timing.pipeline.*.seconds",                           // wall time of the training / validation graph
        "timing.pipeline.*.consumer_wait_seconds", "timing.pipeline.*.consumer_wait_fraction",
        "timing.pipeline.*.wait_seconds", "timing.pipeline.*.wait_fraction", // per epoch (timing.pipeline.epochs[])
        "timing.pipeline.*.bottleneck",                        // the stage with the most busy time: follows the clock
        "timing.pipeline.*.stages.busy_seconds", "timing.pipeline.*.stages.utilisation",
        "timing.pipeline.*.stages.mean_queue_depth", "timing.pipeline.*.stages.max_queue_depth", // scheduling
        "timing.pipeline.*.stages.parallelism", "timing.pipeline.*.stages.capacity", // FlowParallelism.ForCores(ProcessorCount)
        "baseline.feature_seconds", "baseline.fit_seconds",     // the baseline's wall times
    ];

    /// <summary>metrics.csv columns blanked: the epoch's wall time and what is derived from it.</summary>
    public static readonly string[] MetricsCsvVarying = ["seconds", "wait_seconds", "wait_fraction", "samples_per_second"];

    /// <summary>Each absolute path (and its JSON-escaped form) replaced by its token, in the order given.</summary>
    public static string Paths(string text, IReadOnlyList<(string Path, string Token)> paths)
    {
        foreach (var (path, token) in paths)
        {
            text = text.Replace(path, token, StringComparison.Ordinal);
            string escaped = JsonEncodedText.Encode(path).ToString();
            if (escaped != path) text = text.Replace(escaped, token, StringComparison.Ordinal);
        }
        return text;
    }

    /// <summary>The values at <paramref name="patterns"/> (scalars or whole objects/arrays) replaced by the
    /// placeholder string; every other byte is kept.</summary>
    public static string Json(string json, IReadOnlyCollection<string> patterns)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes);
        var path = new List<string>();
        var named = new Stack<bool>(); // per open container: did it add a path segment (an object/array property)?
        string? property = null;
        var spans = new List<(long Start, long End)>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (property is not null && Matches(patterns, path, property))
                    {
                        long start = reader.TokenStartIndex;
                        reader.Skip();
                        spans.Add((start, reader.BytesConsumed));
                    }
                    else
                    {
                        named.Push(property is not null);
                        if (property is not null) path.Add(property);
                    }
                    property = null;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    if (named.Pop()) path.RemoveAt(path.Count - 1);
                    break;
                default: // a scalar: an array element (property null) or a property's value
                    if (property is not null && Matches(patterns, path, property)) spans.Add((reader.TokenStartIndex, reader.BytesConsumed));
                    property = null;
                    break;
            }
        }
        var output = new List<byte>(bytes.Length);
        long at = 0;
        byte[] placeholder = Encoding.UTF8.GetBytes($"\"{Placeholder}\"");
        foreach (var (start, end) in spans)
        {
            output.AddRange(bytes.AsSpan((int)at, (int)(start - at)).ToArray());
            output.AddRange(placeholder);
            at = end;
        }
        output.AddRange(bytes.AsSpan((int)at).ToArray());
        return Encoding.UTF8.GetString(output.ToArray());
    }

    static bool Matches(IReadOnlyCollection<string> patterns, List<string> path, string property) =>
        patterns.Any(p =>
        {
            var segments = p.Split('.');
            if (segments.Length != path.Count + 1) return false;
            for (int i = 0; i < path.Count; i++)
                if (segments[i] != "*" && segments[i] != path[i]) return false;
            return segments[^1] == "*" || segments[^1] == property;
        });

    /// <summary>The cells of the named columns emptied in every data row (the header names them); cells are split at
    /// commas outside double quotes and everything else, line endings included, is kept.</summary>
    public static string CsvColumns(string csv, IReadOnlyCollection<string> columns)
    {
        var lines = csv.Split('\n');
        var header = SplitCells(lines[0].TrimEnd('\r'));
        var blank = header.Select((name, i) => (name, i)).Where(c => columns.Contains(c.name)).Select(c => c.i).ToHashSet();
        Assert.Equal(columns.Count, blank.Count); // a renamed column must not silently stop being normalised
        for (int l = 1; l < lines.Length; l++)
        {
            if (lines[l].Length == 0) continue;
            bool cr = lines[l].EndsWith('\r');
            var cells = SplitCells(cr ? lines[l][..^1] : lines[l]);
            foreach (var i in blank) if (i < cells.Count) cells[i] = "";
            lines[l] = string.Join(",", cells) + (cr ? "\r" : "");
        }
        return string.Join("\n", lines);
    }

    internal static List<string> SplitCells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c); // quotes kept: the cell's text is unchanged
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
