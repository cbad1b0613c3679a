namespace DataflowLung.Pipeline;

/// <summary>Names of the parts of a dataset's own official partition (<see cref="RecordingRef.OfficialPart"/>).
/// A dataset with one test set uses <see cref="Train"/> and <see cref="Test"/> (ICBHI's challenge split); one with
/// several test sets names each (SPRSound: <see cref="InterTest"/>, patients never in train, and
/// <see cref="IntraTest"/>, patients also in train).</summary>
public static class OfficialParts
{
    public const string Train = "train";
    public const string Test = "test";
    public const string InterTest = "inter-test";
    public const string IntraTest = "intra-test";
}
