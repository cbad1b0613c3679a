using static TorchSharp.torch;

namespace DataflowLung.Model.Explain;

/// <summary>A model that names its last convolutional block, the layer Grad-CAM explains. The block must be called
/// with <c>call</c> (not <c>forward</c>) inside the model's forward, so a forward hook sees its output, and its
/// output must reach the logits through global average pooling and the dense head. Every registered model
/// implements it (<see cref="Models.ModelFactory.Of{T}"/> takes no other).</summary>
public interface IGradCamTarget
{
    nn.Module<Tensor, Tensor> LastConvBlock { get; }

    /// <summary>The original system's Grad-CAM layer (<see cref="CamLayer.Original"/>); the last block where it had none.</summary>
    nn.Module<Tensor, Tensor> OriginalCamLayer => LastConvBlock;

    nn.Module<Tensor, Tensor> CamLayerFor(CamLayer layer) => layer == CamLayer.Original ? OriginalCamLayer : LastConvBlock;
}
