namespace DataflowLung.Model.Explain;

/// <summary>Which layer Grad-CAM explains. <see cref="Last"/> (our default): the last convolutional block, whose output
/// feeds the global average pooling (the finest class evidence the head sees). <see cref="Original"/>: the original's
/// target layer: mixednet's first Conv2D (<c>model.layers[1]</c>, after its ReLU) and model9's <c>inverted_residual_6</c>
/// (Keras' seventh InvertedResidual: the first block of the 256-filter stage); a model the original did not have
/// (tiny) keeps its last block.</summary>
public enum CamLayer { Last, Original }
