namespace DataflowLung.Pipeline.Tasks;

/// <summary>What turns a task's logits into probabilities: independent sigmoids (BCE) or a softmax over exclusive
/// classes (cross-entropy). The names are the ONNX operators'.</summary>
public enum Activation { Sigmoid, Softmax }
