using System.Globalization;
using System.Text;
using DataflowLung.Pipeline.Audio;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Synthetic;

/// <summary>Writes a small, learnable lung-sound corpus in the real layouts, for the runner demo, pipeline tests
/// and benches: <c>root/icbhi/</c> (ICBHI names, cycle .txt files with irregular whitespace,
/// <c>ICBHI_Challenge_diagnosis.txt</c>; 4 kHz and 44.1 kHz 16-bit files) and <c>root/jordan/</c> (B/D/E files per
/// patient with the real naming quirks: mixed case, spaces before commas, "Plueral"; 4 kHz 16-bit). Pneumonia
/// patients have dense crackles and a tilted spectrum (see <see cref="BreathProfile"/>). Deterministic for a seed:
/// each patient has its own generator derived from (seed, dataset, index).</summary>
public static class SyntheticCorpus
{
    enum Condition { Healthy, Wheezy, FewCrackles, Pneumonia }

    public static SyntheticCorpusInfo Generate(string root, SyntheticCorpusParams p)
    {
        var problems = p.Problems();
        if (problems.Count > 0) throw new ArgumentException("synthetic corpus: " + string.Join("; ", problems), nameof(p));
        var recordings = new List<SyntheticRecording>();
        if (p.WriteIcbhi && p.IcbhiPatients > 0) recordings.AddRange(Icbhi(Path.Combine(root, "icbhi"), p));
        if (p.WriteJordan && p.JordanPatients > 0) recordings.AddRange(Jordan(Path.Combine(root, "jordan"), p));
        return new SyntheticCorpusInfo(root, p, toSeq(recordings));
    }

    /// <summary>Pneumonia for round(n × fraction) patients (at least one when the fraction is positive), the rest
    /// cycling through healthy, wheezy and few-crackles; the order is shuffled with the seed.</summary>
    static Condition[] Conditions(int n, double fraction, Random rng)
    {
        int pneumonia = fraction > 0 ? Math.Clamp((int)Math.Round(n * fraction), 1, n) : 0;
        var others = new[] { Condition.Healthy, Condition.Wheezy, Condition.Healthy, Condition.FewCrackles, Condition.Wheezy };
        var all = Enumerable.Range(0, n).Select(i => i < pneumonia ? Condition.Pneumonia : others[(i - pneumonia) % others.Length]).ToArray();
        for (int i = all.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (all[i], all[j]) = (all[j], all[i]);
        }
        return all;
    }

    static BreathProfile ProfileOf(Condition c) => c switch
    {
        Condition.Pneumonia => BreathProfile.Pneumonia,
        Condition.Wheezy => BreathProfile.Wheezy,
        Condition.FewCrackles => BreathProfile.FewCrackles,
        _ => BreathProfile.Healthy,
    };

    static IEnumerable<SyntheticRecording> Icbhi(string folder, SyntheticCorpusParams p)
    {
        Directory.CreateDirectory(folder);
        var conditions = Conditions(p.IcbhiPatients, p.PneumoniaFraction, new Random(DerivedSeed(p.Seed, "icbhi", -1)));
        string[] locations = ["Al", "Ar", "Pl", "Pr", "Ll", "Lr", "Tc"];
        (string Device, int Rate)[] devices = [("Litt3200", 4000), ("Meditron", 44100), ("AKGC417L", 44100), ("LittC2SE", 4000)];
        var diagnosis = new StringBuilder();
        var written = new List<SyntheticRecording>();
        for (int i = 0; i < conditions.Length; i++)
        {
            var rng = new Random(DerivedSeed(p.Seed, "icbhi", i));
            string patient = (101 + i).ToString(CultureInfo.InvariantCulture);
            var condition = conditions[i];
            string dx = condition switch
            {
                Condition.Pneumonia => "Pneumonia",
                Condition.Wheezy => rng.Next(2) == 0 ? "COPD" : "Asthma",
                Condition.FewCrackles => "Bronchiectasis",
                _ => rng.Next(2) == 0 ? "Healthy" : "URTI",
            };
            diagnosis.Append(patient).Append('\t').Append(dx).Append('\n');
            var (device, rate) = devices[rng.Next(devices.Length)];
            string mode = p.IcbhiRecordingsPerPatient > 1 ? "mc" : "sc";
            for (int r = 0; r < p.IcbhiRecordingsPerPatient; r++)
            {
                string name = $"{patient}_{r + 1}b1_{locations[(i + r) % locations.Length]}_{mode}_{device}";
                double seconds = Math.Round(p.MinSeconds + rng.NextDouble() * (p.MaxSeconds - p.MinSeconds), 2);
                var (samples, cycles) = LungSoundSynth.Breathing(ProfileOf(condition), seconds, rate, rng);
                string wav = Path.Combine(folder, name + ".wav");
                WavWriter.Write(wav, samples, rate, WavSampleFormat.Pcm16);
                File.WriteAllText(Path.Combine(folder, name + ".txt"), AnnotationText(cycles, rng));
                written.Add(new SyntheticRecording("icbhi", wav, name, patient, dx, condition == Condition.Pneumonia,
                    cycles.Exists(c => c.Crackles), cycles.Exists(c => c.Wheezes), rate, samples.Length, cycles));
            }
        }
        File.WriteAllText(Path.Combine(folder, "ICBHI_Challenge_diagnosis.txt"), diagnosis.ToString());
        return written;
    }

    /// <summary>ICBHI-style lines with the whitespace variants real copies have: tabs only, or tabs mixed with runs of spaces.</summary>
    static string AnnotationText(Seq<CycleAnnotation> cycles, Random rng)
    {
        bool mixed = rng.Next(2) == 0;
        var sb = new StringBuilder();
        foreach (var c in cycles)
        {
            string sep = mixed ? (rng.Next(2) == 0 ? "\t" : "   \t ") : "\t";
            sb.Append(c.Start.ToString("0.###", CultureInfo.InvariantCulture)).Append(sep)
              .Append(c.End.ToString("0.###", CultureInfo.InvariantCulture)).Append('\t')
              .Append(c.Crackles ? '1' : '0').Append('\t')
              .Append(c.Wheezes ? '1' : '0').Append('\n');
        }
        return sb.ToString();
    }

    static IEnumerable<SyntheticRecording> Jordan(string folder, SyntheticCorpusParams p)
    {
        Directory.CreateDirectory(folder);
        const int rate = 4000;
        var conditions = Conditions(p.JordanPatients, p.PneumoniaFraction, new Random(DerivedSeed(p.Seed, "jordan", -1)));
        string[] positions = ["P R L ", "P L U", "A R M", "P R M", "P L L", "P R U", "A L U", "P L R "];
        var written = new List<SyntheticRecording>();
        for (int i = 0; i < conditions.Length; i++)
        {
            var rng = new Random(DerivedSeed(p.Seed, "jordan", i));
            string patient = (i + 1).ToString(CultureInfo.InvariantCulture);
            var condition = conditions[i];
            (string dx, string sound) = condition switch
            {
                Condition.Pneumonia => (rng.Next(2) == 0 ? "pneumonia" : "Pneumonia", rng.Next(3) == 0 ? "C" : "Crep"),
                Condition.Wheezy => (new[] { "Asthma", "asthma", "COPD", "copd" }[rng.Next(4)], "E W"),
                Condition.FewCrackles => (new[] { "heart failure", "Heart Failure", "Plueral Effusion", "Lung Fibrosis" }[rng.Next(4)], rng.Next(2) == 0 ? "Crep" : "I C"),
                _ => ("N", "N"),
            };
            string position = positions[rng.Next(positions.Length)];
            int age = 18 + rng.Next(73);
            string sex = rng.Next(2) == 0 ? "M" : "F";
            double seconds = Math.Round(p.MinSeconds + rng.NextDouble() * (p.MaxSeconds - p.MinSeconds), 2);
            var (samples, cycles) = LungSoundSynth.Breathing(ProfileOf(condition), seconds, rate, rng);
            foreach (var filter in "BDE")
            {
                string name = $"{filter}P{patient}_{dx},{sound},{position},{age},{sex}";
                string wav = Path.Combine(folder, name + ".wav");
                WavWriter.Write(wav, StethoscopeFilter(samples, filter), rate, WavSampleFormat.Pcm16);
                written.Add(new SyntheticRecording("jordan", wav, name, patient, dx, condition == Condition.Pneumonia,
                    cycles.Exists(c => c.Crackles), cycles.Exists(c => c.Wheezes), rate, samples.Length, cycles));
            }
        }
        return written;
    }

    /// <summary>The three KAUH filter modes of one recording: bell favours lows, diaphragm highs, extended is broad.</summary>
    static float[] StethoscopeFilter(float[] x, char filter)
    {
        if (filter == 'E') return (float[])x.Clone();
        var y = new float[x.Length];
        float low = 0;
        for (int i = 0; i < x.Length; i++)
        {
            low += 0.25f * (x[i] - low); // one-pole low-pass, about 450 Hz at 4 kHz
            y[i] = filter == 'B' ? 0.8f * low + 0.2f * x[i] : x[i] - 0.5f * low;
        }
        return y;
    }

    // FNV-1a over the dataset name, mixed with the seed and index: string.GetHashCode is randomised per process.
    static int DerivedSeed(int seed, string dataset, int index)
    {
        uint h = 2166136261;
        foreach (char c in dataset) { h ^= c; h *= 16777619; }
        h ^= (uint)seed * 2654435761u;
        h *= 16777619;
        h ^= (uint)(index + 1) * 40503u;
        return (int)(h & int.MaxValue);
    }
}
