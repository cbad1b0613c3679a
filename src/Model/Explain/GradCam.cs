using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace DataflowLung.Model.Explain;

/// <summary>Grad-CAM (Selvaraju et al.) at the model's last convolutional block: the block's activations A_k are
/// weighted by the spatial mean of ∂logit/∂A_k, summed over channels, passed through ReLU and bilinearly resized to
/// the input's mels × frames. Each map is scaled to a maximum of 1 (an all-zero map stays zero): finite,
/// non-negative, one value per input time-frequency bin. The logit (not the sigmoid) is differentiated, so a
/// saturated probability still gives a map.</summary>
public static class GradCam
{
    /// <param name="model">An <see cref="IGradCamTarget"/> model; it is put in evaluation mode for the pass and left as it was.</param>
    /// <param name="inputs"><c>[B, 1, mels, frames]</c> on the model's device.</param>
    /// <param name="output">Which output's logit to explain.</param>
    /// <returns>One row-major <c>[mels, frames]</c> map per input.</returns>
    /// <param name="layer">Which layer to explain (<see cref="CamLayer"/>).</param>
    public static Fin<float[][]> Compute(nn.Module<Tensor, Tensor> model, Tensor inputs, int output = 0, CamLayer layer = CamLayer.Last)
    {
        if (model is not IGradCamTarget target)
            return Error.New($"{model.GetName()} does not name its last convolutional block (IGradCamTarget), so it has no Grad-CAM");
        if (inputs.dim() != 4) return Error.New($"Grad-CAM takes [batch, 1, mels, frames] inputs, got {inputs.dim()} dimensions");
        long batch = inputs.shape[0], mels = inputs.shape[2], frames = inputs.shape[3];

        bool wasTraining = model.training;
        Tensor? activations = null;
        // The hooked output would be freed with the model's dispose scope; it is detached from it and freed here.
        var hook = target.CamLayerFor(layer).register_forward_hook((_, _, result) =>
        {
            activations?.Dispose();
            activations = result.DetachFromDisposeScope();
            return null!; // keep the block's output as it is
        });
        try
        {
            model.eval();
            using var scope = NewDisposeScope();
            using var grad = enable_grad();
            var logits = model.call(inputs);
            if (activations is null) return Error.New($"{model.GetName()}: the last convolutional block was not called through its hooks");
            if (output < 0 || output >= logits.shape[1]) return Error.New($"output {output} does not exist (the model has {logits.shape[1]})");
            var gradients = autograd.grad([logits[.., output].sum()], [activations])[0];
            var weights = gradients.mean([2L, 3L], keepdim: true);
            var cam = nn.functional.relu((weights * activations).sum(1, keepdim: true));
            var resized = nn.functional.interpolate(cam, size: [mels, frames], mode: InterpolationMode.Bilinear, align_corners: false).clamp_min(0);
            var peak = resized.amax([2L, 3L], keepdim: true);
            var scaled = where(peak > 0, resized / peak.clamp_min(1e-30), zeros_like(resized));
            var flat = scaled.reshape(batch, mels * frames).cpu().to_type(ScalarType.Float32).data<float>().ToArray();
            return FinSucc(Enumerable.Range(0, (int)batch).Select(i => flat.AsSpan(i * (int)(mels * frames), (int)(mels * frames)).ToArray()).ToArray());
        }
        finally
        {
            hook.remove();
            activations?.Dispose();
            model.train(wasTraining);
        }
    }
}
