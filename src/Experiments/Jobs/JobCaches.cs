using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Experiments.Splits;
using LanguageExt;

namespace DataflowLung.Experiments.Jobs;

/// <summary>What the jobs of one process share: header probes, file hashes and decoded signals. A single job makes
/// its own; the folds of an in-process cross-validation share one, so each recording is probed, hashed and
/// decoded once per run, not once per fold.</summary>
public sealed class JobCaches
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Fin<(int, double)>> probes = new(StringComparer.Ordinal);
    private readonly object gate = new();
    private SpillCache? signals;
    private string? signalIdentity;

    public RecordingFingerprints Fingerprints { get; } = new();

    public Fin<(int SampleRate, double Seconds)> Probe(string path) => probes.GetOrAdd(path, x => AudioProbe.Of(x));

    /// <summary>How the shared signal cache answered so far (null before any flow asked for it): its misses are the
    /// recordings decoded, its hits the decodes saved.</summary>
    public CacheStats? SignalStats => signals?.Stats();

    /// <summary>The one decoded-signal cache for flows of <paramref name="stages"/>' decode identity. Every job of a
    /// process decodes the same way (one parameter set); a different identity is a bug, hence the exception.</summary>
    public SpillCache Signals(FlowStages stages, FlowParams parameters)
    {
        lock (gate)
        {
            if (signals is null)
            {
                signals = DataFlow.NewSignalCache(stages, parameters);
                signalIdentity = stages.DecodeIdentity;
            }
            else if (signalIdentity != stages.DecodeIdentity)
                throw new InvalidOperationException($"shared signal cache for \"{signalIdentity}\" asked for \"{stages.DecodeIdentity}\"");
            return signals;
        }
    }
}
