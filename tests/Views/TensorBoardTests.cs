using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.TensorBoard;
using DataflowLung.Tests.Runner;

namespace DataflowLung.Tests.Views;

public sealed class TensorBoardTests : IDisposable
{
    readonly TempFolder tmp = new();

    public void Dispose() => tmp.Dispose();

    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("123456789", 0xE3069283u)] // the CRC-32C check value (RFC 3720 / the Castagnoli catalogue)
    [InlineData("a", 0xC1D04330u)]
    public void Crc32C_matches_the_published_check_values(string text, uint expected) =>
        Assert.Equal(expected, TfRecord.Crc32C(System.Text.Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Crc32C_of_32_zero_bytes_is_the_iSCSI_test_vector() =>
        Assert.Equal(0x8A9136AAu, TfRecord.Crc32C(new byte[32]));

    [Fact]
    public void Mask_and_unmask_are_inverse_and_mask_matches_TensorFlow()
    {
        // TensorFlow's masked_crc32c: ((crc >> 15) | (crc << 17)) + 0xa282ead8, by hand for crc = 1.
        Assert.Equal(unchecked((1u << 17) + 0xa282ead8u), TfRecord.Mask(1));
        foreach (var crc in new[] { 0u, 1u, 0xE3069283u, uint.MaxValue }) Assert.Equal(crc, TfRecord.Unmask(TfRecord.Mask(crc)));
    }

    [Fact]
    public void A_flipped_byte_is_an_error_naming_the_file()
    {
        var path = tmp.Combine("events.out.tfevents.1.x");
        using (var f = File.Create(path)) TfRecord.Write(f, [1, 2, 3, 4]);
        Assert.Single(TfRecord.ReadAll(path));
        var bytes = File.ReadAllBytes(path);
        bytes[13] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => TfRecord.ReadAll(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("data CRC", e.Message);
    }

    [Fact]
    public void Scalars_images_and_text_read_back_with_their_tags_steps_and_values()
    {
        var png = tmp.Combine("roc.png");
        Experiments.Plots.CurvePlot.Save(png, "t", "x", "y", [new("a", [1, 2, 3], [0.5, 0.6, 0.7])], width: 120, height: 90);
        string file;
        var clock = 1_700_000_000.25;
        using (var log = new TensorBoardLog(tmp.Path, () => clock))
        {
            file = log.Path;
            log.Scalar("loss/train", 1, 0.75);
            log.Scalar("loss/train", 2, 0.5);
            log.Scalar("val/auc", 2, double.NaN); // skipped
            Assert.True(log.Png("plots/roc", 2, png));
            Assert.False(log.Png("plots/missing", 2, tmp.Combine("none.png")));
            log.Text("parameters", 2, "a **b**");
        }
        Assert.StartsWith("events.out.tfevents.1700000000.", Path.GetFileName(file));
        var events = EventFileReader.Read(file);
        Assert.Equal(5, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.All(events, e => Assert.Equal(clock, e.WallTime));
        var scalars = events.SelectMany(e => e.Values.Where(v => v.Scalar is not null).Select(v => (e.Step, v.Tag, v.Scalar!.Value))).ToArray();
        Assert.Equal([(1L, "loss/train", 0.75f), (2L, "loss/train", 0.5f)], scalars);
        var image = events.SelectMany(e => e.Values).Single(v => v.Image is not null);
        Assert.Equal("plots/roc", image.Tag);
        Assert.Equal((90, 120), (image.Image!.Value.Height, image.Image.Value.Width));
        Assert.Equal(File.ReadAllBytes(png), image.Image.Value.Png);
        var text = events.SelectMany(e => e.Values).Single(v => v.Text is not null);
        Assert.Equal(("parameters", "a **b**", "text"), (text.Tag, text.Text, text.Plugin));
    }

    [Fact]
    public void An_epoch_writes_losses_lr_and_every_defined_metric()
    {
        string file;
        using (var log = new TensorBoardLog(tmp.Path))
        {
            file = log.Path;
            JobTensorBoard.Epoch(log, new EpochMetrics(3, 0.4, 0.6, 1e-3, 10, 1, 100,
                new Dictionary<string, double?> { ["auc"] = 0.8, ["f1"] = null }, IsBest: true));
        }
        var tags = EventFileReader.Read(file).Where(e => e.Step == 3).SelectMany(e => e.Values).ToDictionary(v => v.Tag, v => v.Scalar);
        Assert.Equal(0.4f, tags["loss/train"]);
        Assert.Equal(0.6f, tags["loss/validation"]);
        Assert.Equal(1e-3f, tags["lr"]);
        Assert.Equal(0.8f, tags["val/auc"]);
        Assert.Equal(10f, tags["time/samples_per_second"]);
        Assert.False(tags.ContainsKey("val/f1"));
    }

    [Fact]
    public void Two_logs_opened_in_the_same_second_get_two_files()
    {
        using var a = new TensorBoardLog(tmp.Path, () => 5);
        using var b = new TensorBoardLog(tmp.Path, () => 5);
        Assert.NotEqual(a.Path, b.Path);
    }
}
