using LanguageExt;

namespace DataflowLung.Pipeline.Synthetic;

/// <summary>What <see cref="SyntheticCorpus.Generate"/> wrote under <see cref="Root"/> (<c>icbhi/</c>, <c>jordan/</c>).</summary>
public sealed record SyntheticCorpusInfo(string Root, SyntheticCorpusParams Params, Seq<SyntheticRecording> Recordings)
{
    public Seq<SyntheticRecording> Of(string dataset) => Recordings.Filter(r => r.Dataset == dataset);

    public int Patients(string dataset) => Of(dataset).Map(r => r.Patient).Distinct().Count;

    public int PneumoniaPatients(string dataset) => Of(dataset).Filter(r => r.Pneumonia).Map(r => r.Patient).Distinct().Count;

    public double TotalSeconds => Recordings.Sum(r => (double)r.Samples / r.SampleRate);
}
