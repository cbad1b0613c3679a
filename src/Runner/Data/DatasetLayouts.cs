namespace DataflowLung.Runner.Data;

/// <summary>How each dataset's folder must look, for error messages and <c>--help</c>.</summary>
public static class DatasetLayouts
{
    public static string Describe(string dataset) => dataset switch
    {
        "icbhi" => "icbhi/ as ICBHI_final_database: <patient>_<rec>_<loc>_<mode>_<device>.wav with a same-named .txt of cycles (start end crackles wheezes), plus ICBHI_Challenge_diagnosis.txt (patient<TAB>diagnosis)",
        "jordan" => "jordan/ with the KAUH files named {BP|DP|EP}<n>_<diagnosis>,<sound type>,<location>,<age>,<sex>.wav",
        "perch" => "perch/ with <id>-<n>.wav files and ICBHI-format .txt cycle annotations",
        "antwerp" => "antwerp/ with ICBHI-style .wav + .txt pairs whose names start with the patient number",
        "bd" => "bd/ with <HOSPID>_SEGMENTED/<HOSPID>_<date>_<n>-<k>_F.wav folders and the label sheet (HOSP_ID, PEP1)",
        _ => $"{dataset}/ (unknown dataset)",
    };
}
