namespace DataflowLung.Model.Models;

/// <summary>A module holding BatchNorms that fold exactly into a neighbouring layer (<see cref="BatchNormFolding"/>).</summary>
public interface IFoldsBatchNorm
{
    /// <summary>Merges those BatchNorms into their neighbours in place (evaluation mode, no gradient) and replaces
    /// them with identities. Called once, on a copy (<see cref="BatchNormFolding.Folded"/>).</summary>
    void FoldBatchNorm();
}
