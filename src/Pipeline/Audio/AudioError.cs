using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Audio;

/// <summary>Why an audio file could not be read. The message always names the file first:
/// <c>"&lt;file&gt;: &lt;problem&gt;"</c>. Match on the type (or <see cref="AudioErrorCode"/>) to tell audio
/// problems from other failures.</summary>
public sealed record AudioError(string File, string Problem) : Expected($"{File}: {Problem}", AudioErrorCode, None)
{
    public const int AudioErrorCode = 0x4155_4430; // "AUD0"
}
