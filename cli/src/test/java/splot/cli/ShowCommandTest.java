package splot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code splot show} picture from a small CNN trained through the CLI. */
class ShowCommandTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void train() throws IOException {
        TrainCommandTest.writeSplit(dir, "train", 300, 3);
        TrainCommandTest.writeSplit(dir, "t10k", 100, 4);
        model = dir.resolve("cnn.splot");
        MainTest.Run r = MainTest.run("train", "--model", "lenet5", "--data-dir", dir.toString(), "--epochs", "2", "--batch-size", "30",
                "--out", model.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        var img = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(img, "png", dir.resolve("in.png").toFile());
    }

    private static void draws(String picture, String... extra) throws IOException {
        Path out = dir.resolve(picture + ".png");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("show", picture, model.toString()));
        args.addAll(java.util.List.of(extra));
        args.addAll(java.util.List.of("--out", out.toString()));
        MainTest.Run r = MainTest.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), picture + ": " + r.err());
        var png = ImageIO.read(out.toFile());
        assertNotNull(png, picture + " wrote no PNG");
        assertTrue(png.getWidth() > 100 && png.getHeight() > 100, picture + " is " + png.getWidth() + "x" + png.getHeight());
    }

    @Test
    void everyPictureDraws() throws IOException {
        String data = dir.toString();
        draws("curves");
        draws("filters");
        draws("features", dir.resolve("in.png").toString());
        draws("saliency", dir.resolve("in.png").toString());
        draws("confusion", "--data-dir", data);
        draws("top-patches", "--data-dir", data);
        draws("network");
    }

    @Test
    void networkDiagramAsSvgFromABuiltInName() throws IOException {
        Path svg = dir.resolve("net.svg");
        assertEquals(0, MainTest.run("show", "network", "cifar-vgg", "--out", svg.toString()).exit());
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") || text.startsWith("<svg"), text.substring(0, 40));
        assertTrue(text.contains("batch_norm2d"), "layer names in the diagram");
    }

    @Test
    void noPictureNamedIsAUsageError() {
        assertEquals(2, MainTest.run("show").exit());
    }
}
