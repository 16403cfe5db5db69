package net.vswitch.vswitchd.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads a YAML file as a node tree (SnakeYAML Engine's composer keeps every node's line) and offers
 * typed accessors whose errors read {@code FILE:LINE: reason}.
 */
final class YamlTree
{
    private final String label;

    private YamlTree(final String label)
    {
        this.label = label;
    }

    /** The root node, or {@code null} for an empty file. */
    static Node read(final Path file) throws ConfigException
    {
        final String label = file.toString();
        final LoadSettings settings = LoadSettings.builder().setLabel(label).setAllowDuplicateKeys(true)
            .setMaxAliasesForCollections(16).build();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            final Optional<Node> root = new Compose(settings).composeReader(reader);
            return root.orElse(null);
        }
        catch (final MarkedYamlEngineException ex)
        {
            final Optional<Mark> mark = ex.getProblemMark().isPresent() ? ex.getProblemMark() : ex.getContextMark();
            final int line = mark.map(m -> m.getLine() + 1).orElse(1);
            final String problem = ex.getProblem() != null ? ex.getProblem() : ex.getMessage();
            throw new ConfigException(label + ":" + line, "YAML syntax error: " + problem.strip()
                + (ex.getContext() != null ? " (" + ex.getContext().strip() + ")" : ""));
        }
        catch (final YamlEngineException ex)
        {
            throw new ConfigException(label, "YAML error: " + ex.getMessage());
        }
        catch (final IOException ex)
        {
            throw new ConfigException(label, "cannot read config file: " + describe(ex));
        }
    }

    static YamlTree of(final Path file)
    {
        return new YamlTree(file.toString());
    }

    private static String describe(final IOException ex)
    {
        return ex instanceof java.nio.file.NoSuchFileException ? "no such file"
            : ex instanceof java.nio.file.AccessDeniedException ? "permission denied" : ex.toString();
    }

    static int line(final Node node)
    {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
    }

    String where(final Node node)
    {
        return label + ":" + line(node);
    }

    ConfigException error(final Node node, final String reason)
    {
        return new ConfigException(where(node), reason);
    }

    /** Keys (scalars) to value nodes, in file order; duplicates and non-scalar keys are errors. */
    Map<ScalarNode, Node> mapping(final Node node, final String what) throws ConfigException
    {
        if (!(node instanceof MappingNode mapping))
        {
            throw error(node, what + " must be a mapping of key: value lines");
        }
        final Map<ScalarNode, Node> entries = new LinkedHashMap<>();
        final Map<String, ScalarNode> seen = new LinkedHashMap<>();
        for (final NodeTuple tuple : mapping.getValue())
        {
            if (!(tuple.getKeyNode() instanceof ScalarNode key))
            {
                throw error(tuple.getKeyNode(), "keys of " + what + " must be plain words");
            }
            final ScalarNode first = seen.putIfAbsent(key.getValue(), key);
            if (first != null)
            {
                throw error(key, "duplicate key '" + key.getValue() + "' in " + what + " (first at line "
                    + line(first) + ")");
            }
            entries.put(key, tuple.getValueNode());
        }
        return entries;
    }

    List<Node> sequence(final Node node, final String what) throws ConfigException
    {
        if (!(node instanceof SequenceNode sequence))
        {
            throw error(node, what + " must be a list ('- item' lines or [a, b])");
        }
        return sequence.getValue();
    }

    /** A non-empty scalar as text. */
    String text(final Node node, final String what) throws ConfigException
    {
        if (!(node instanceof ScalarNode scalar))
        {
            throw error(node, what + " must be a single value, not a list or mapping");
        }
        if (scalar.getTag().equals(Tag.NULL) || scalar.getValue().isBlank())
        {
            throw error(node, what + " needs a value");
        }
        return scalar.getValue();
    }

    long number(final Node node, final String what, final long min, final long max) throws ConfigException
    {
        final String text = text(node, what);
        final long value;
        try
        {
            value = Long.parseLong(text.replace("_", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw error(node, what + " must be an integer, got '" + text + "'");
        }
        if (value < min || value > max)
        {
            throw error(node, what + " must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /** A single value or a list of values, as strings. */
    List<String> texts(final Node node, final String what) throws ConfigException
    {
        if (node instanceof ScalarNode)
        {
            return List.of(text(node, what));
        }
        final List<Node> items = sequence(node, what);
        final String[] texts = new String[items.size()];
        for (int i = 0; i < texts.length; i++)
        {
            texts[i] = text(items.get(i), what + " entry");
        }
        return List.of(texts);
    }
}
