package splot.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import splot.nn.Add;
import splot.nn.BatchNorm2d;
import splot.nn.Concat;
import splot.nn.Conv2d;
import splot.nn.Dropout;
import splot.nn.Flatten;
import splot.nn.GlobalAvgPool2d;
import splot.nn.GraphModel;
import splot.nn.Input;
import splot.nn.Linear;
import splot.nn.MaxPool2d;
import splot.nn.Node;
import splot.nn.Padding;
import splot.nn.ReLU;
import splot.nn.Sequential;
import splot.nn.Tanh;
import splot.tensor.Shape;

class NetworkDiagramTest {

    /** LeNet-5 as the texts give it (with max pooling). */
    static Sequential lenet() {
        return Sequential.of(Shape.of(1, 32, 32), new Conv2d(6, 5), new Tanh(), new MaxPool2d(2), new Conv2d(16, 5), new Tanh(),
                new MaxPool2d(2), new Flatten(), new Linear(120), new Tanh(), new Linear(84), new Tanh(), new Dropout(0.25), new Linear(10));
    }

    /** A residual block, then an inception-style block of three branches. */
    static GraphModel residualInception() {
        Node in = Input.of(3, 16, 16);
        Node stem = new ReLU().on(new BatchNorm2d().on(new Conv2d(8, 3, Padding.SAME).on(in)));
        Node body = new Conv2d(8, 3, Padding.SAME).on(new ReLU().on(new Conv2d(8, 3, Padding.SAME).on(stem)));
        Node res = new ReLU().on(new Add().on(body, stem));
        Node b1 = new Conv2d(4, 1).on(res);
        Node b2 = new Conv2d(4, 3, Padding.SAME).on(new Conv2d(4, 1).on(res));
        Node b3 = new Conv2d(4, 1).on(new MaxPool2d(3, 1).padding(1).on(res));
        Node cat = new Concat().on(b1, b2, b3);
        return GraphModel.of(in, new Linear(10).on(new GlobalAvgPool2d().on(cat)));
    }

    static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> texts(Document doc) {
        NodeList nodes = doc.getElementsByTagName("text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) out.add(nodes.item(i).getTextContent());
        return out;
    }

    @Test
    void sequentialDiagramNamesEveryLayerWithShapeAndParams(@TempDir Path dir) throws Exception {
        Sequential model = lenet();
        Path svgFile = dir.resolve("lenet.svg"), pngFile = dir.resolve("lenet.png");
        NetworkDiagram.write(svgFile, model, NetworkDiagram.Options.DEFAULT);
        NetworkDiagram.write(pngFile, model, NetworkDiagram.Options.DEFAULT);
        String svg = Files.readString(svgFile);
        Files.writeString(Gallery.DIR.resolve("network-lenet.svg"), svg);
        Document doc = parse(svg);
        assertEquals("Network: sequential", doc.getElementsByTagName("title").item(0).getTextContent());
        List<String> texts = texts(doc);
        assertTrue(texts.contains("Network: sequential"), "the title is drawn too");
        assertTrue(texts.contains("Total params: 61,706 · trainable: 61,706 · non-trainable: 0"), texts.toString());
        assertTrue(texts.contains("Input · 1×32×32"));
        assertTrue(texts.contains("Conv2d · 6×28×28 · 156 params"), "(5*5*1 + 1) * 6 = 156");
        assertTrue(texts.contains("Conv2d · 16×10×10 · 2,416 params"));
        assertTrue(texts.contains("Linear · 10 · 850 params"));
        assertTrue(texts.contains("Tanh · 6×28×28"), "no parameter count for layers without parameters");
        for (var l : model.layers()) assertTrue(texts.contains(l.name()), l.name());
        // One arrow head per connection: input -> 13 layers in a chain.
        assertEquals(13, doc.getElementsByTagName("polygon").getLength());
        assertTrue(texts.containsAll(List.of("input", "convolution", "pooling", "dense", "activation", "dropout", "reshape")), "legend");

        Scene scene = NetworkDiagram.scene(model, NetworkDiagram.Options.DEFAULT);
        assertEquals(String.valueOf(scene.width), doc.getDocumentElement().getAttribute("width"));
        BufferedImage png = Gallery.keep("network-lenet", Gallery.decode(pngFile));
        assertEquals(scene.width, png.getWidth());
        assertEquals(scene.height, png.getHeight());
    }

    @Test
    void everyZooModelIsDrawnWithEveryLayerNamed() throws Exception {
        for (String name : splot.models.Zoo.names()) {
            var model = splot.models.Zoo.create(name);
            String svg = NetworkDiagram.svg(model, NetworkDiagram.Options.DEFAULT);
            List<String> texts = texts(parse(svg));
            for (var l : model.layers()) assertTrue(texts.contains(l.name()), name + ": " + l.name());
            assertTrue(texts.contains("Total params: " + Draw.count(model.countParams()) + " · trainable: "
                    + Draw.count(model.weights().stream().filter(splot.nn.Parameter::trainable).mapToLong(splot.nn.Parameter::size).sum())
                    + " · non-trainable: " + Draw.count(model.weights().stream().filter(p -> !p.trainable()).mapToLong(splot.nn.Parameter::size).sum())),
                    name);
            Gallery.keep("zoo-" + name, NetworkDiagram.render(model, NetworkDiagram.Options.DEFAULT));
        }
    }

    @Test
    void graphDiagramDrawsEveryEdgeWithBranchesSideBySide() throws Exception {
        GraphModel model = residualInception();
        List<NetworkDiagram.Box> boxes = NetworkDiagram.boxes(model);
        assertEquals(model.nodes().size() + 1, boxes.size());
        int edges = 0;
        for (NetworkDiagram.Box b : boxes) {
            edges += b.inputs().size();
            for (int i : b.inputs()) assertTrue(boxes.get(i).row() < b.row(), b.name() + " sits below its inputs");
        }
        assertEquals(model.nodes().stream().mapToInt(n -> n.inputs().size()).sum(), edges);
        NetworkDiagram.Box add = boxes.stream().filter(b -> b.name().equals("add")).findFirst().orElseThrow();
        NetworkDiagram.Box concat = boxes.stream().filter(b -> b.name().equals("concat")).findFirst().orElseThrow();
        assertEquals(2, add.inputs().size());
        assertEquals(3, concat.inputs().size());
        // The three branches after the residual block: the 1x1 conv, the 1x1 reduction and the pooling share a row.
        int branchRow = boxes.stream().filter(b -> b.name().equals("max_pool2d")).findFirst().orElseThrow().row();
        assertEquals(3, boxes.stream().filter(b -> b.row() == branchRow).count());

        String svg = NetworkDiagram.svg(model, new NetworkDiagram.Options("Residual & inception <demo>"));
        Files.writeString(Gallery.DIR.resolve("network-graph.svg"), svg);
        Document doc = parse(svg);
        assertEquals("Residual & inception <demo>", doc.getElementsByTagName("title").item(0).getTextContent(), "escaped and read back");
        assertEquals(edges, doc.getElementsByTagName("polygon").getLength() - 0, "one arrow head per edge");
        assertEquals(edges, doc.getElementsByTagName("path").getLength());
        Gallery.keep("network-graph", NetworkDiagram.render(model, new NetworkDiagram.Options("Residual & inception <demo>")));
    }
}
