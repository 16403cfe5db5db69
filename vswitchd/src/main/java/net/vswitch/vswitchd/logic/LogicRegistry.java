package net.vswitch.vswitchd.logic;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;

/**
 * Resolves a logic NAME to what is on the class path, naming no module itself: any
 * {@link LogicProvider} found by {@link ServiceLoader} (every bundled module registers one, with its
 * settings); any {@link SwitchLogic} class listed as a service (known by {@link SwitchLogic#name()},
 * no settings); or the fully qualified class name of a {@link SwitchLogic} on the class path with a
 * public no-argument constructor. A provider wins over a service class of the same name.
 */
public final class LogicRegistry
{
    /** The logic a switch runs when none is named (the {@code bridge} module registers it). */
    public static final String DEFAULT_LOGIC = "bridge";

    private final Map<String, LogicProvider> providers = new TreeMap<>();
    private final ClassLoader loader;

    private LogicRegistry(final ClassLoader loader)
    {
        this.loader = loader;
    }

    /** Every provider and service-registered logic class on the class path of {@code loader}. */
    public static LogicRegistry load(final ClassLoader loader)
    {
        final LogicRegistry registry = new LogicRegistry(loader);
        for (final ServiceLoader.Provider<SwitchLogic> logic : ServiceLoader.load(SwitchLogic.class, loader).stream()
            .toList())
        {
            registry.registerClass(logic.type());
        }
        for (final LogicProvider provider : ServiceLoader.load(LogicProvider.class, loader))
        {
            registry.register(provider);
        }
        return registry;
    }

    /**
     * A module registered as a {@code META-INF/services/net.vswitch.fabric.SwitchLogic} class: known by
     * its {@link SwitchLogic#name()}, built with its no-argument constructor, no settings.
     */
    private void registerClass(final Class<? extends SwitchLogic> type)
    {
        final SwitchLogic probe;
        try
        {
            probe = type.getConstructor().newInstance();
        }
        catch (final ReflectiveOperationException | RuntimeException | LinkageError ex)
        {
            return; // not constructible here; naming its class on --logic reports why
        }
        final String name = probe.name();
        probe.stop();
        register(new ClassProvider(name, type));
    }

    /** Creates a service-registered logic class with its no-argument constructor. */
    private final class ClassProvider implements LogicProvider
    {
        private final String name;
        private final Class<? extends SwitchLogic> type;

        ClassProvider(final String name, final Class<? extends SwitchLogic> type)
        {
            this.name = name;
            this.type = type;
        }

        @Override
        public String name()
        {
            return name;
        }

        @Override
        public String description()
        {
            return type.getName() + " (no settings)";
        }

        @Override
        public SwitchLogic create(final LogicSettings settings)
        {
            settings.checkAllUsed();
            return createClass(type.getName(), Map.of());
        }
    }

    public static LogicRegistry load()
    {
        return load(Thread.currentThread().getContextClassLoader());
    }

    /** Adds or replaces a provider (a later registration of a name wins). */
    public void register(final LogicProvider provider)
    {
        providers.put(provider.name(), provider);
    }

    /** Known names, sorted. */
    public List<String> names()
    {
        return new ArrayList<>(providers.keySet());
    }

    public Map<String, LogicProvider> providers()
    {
        return Map.copyOf(providers);
    }

    /**
     * Creates a fresh instance.
     *
     * @throws IllegalArgumentException naming the logic and what is wrong (unknown name, bad setting,
     *                                  class not found...); {@link LogicSettings.InvalidSetting} for a bad setting
     */
    public SwitchLogic create(final String name, final Map<String, String> settings)
    {
        if (name == null || name.isBlank())
        {
            throw new IllegalArgumentException("logic name must not be empty; " + known());
        }
        final LogicProvider provider = providers.get(name);
        if (provider != null)
        {
            return provider.create(new LogicSettings(name, settings));
        }
        if (name.contains("."))
        {
            return createClass(name, settings);
        }
        throw new IllegalArgumentException("unknown logic '" + name + "'; " + known());
    }

    private SwitchLogic createClass(final String className, final Map<String, String> settings)
    {
        final Class<?> type;
        try
        {
            type = Class.forName(className, true, loader);
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            throw new IllegalArgumentException("logic class " + className + " not found on the class path; "
                + known());
        }
        if (!SwitchLogic.class.isAssignableFrom(type))
        {
            throw new IllegalArgumentException("logic class " + className + " does not implement "
                + SwitchLogic.class.getName());
        }
        if (!settings.isEmpty())
        {
            final String key = settings.keySet().iterator().next();
            throw new LogicSettings.InvalidSetting(key, "logic class " + className
                + " takes no settings (it is built with its no-argument constructor), got '" + key + "'");
        }
        try
        {
            return (SwitchLogic)type.getConstructor().newInstance();
        }
        catch (final NoSuchMethodException ex)
        {
            throw new IllegalArgumentException("logic class " + className + " has no public no-argument constructor");
        }
        catch (final InvocationTargetException ex)
        {
            throw new IllegalArgumentException("logic class " + className + " failed to construct: "
                + ex.getCause());
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalArgumentException("logic class " + className + " cannot be instantiated: " + ex);
        }
    }

    /** "known logics are ..." for error messages. */
    public String known()
    {
        return "known logics are " + (providers.isEmpty() ? "none (no logic module is on the class path)"
            : String.join(", ", providers.keySet())) + ", or the fully qualified class name of a SwitchLogic on the"
            + " class path";
    }
}
