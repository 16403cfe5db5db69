package net.vswitch.vswitchd.daemon;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Installs handlers for SIGTERM/SIGINT (stop) and SIGHUP (reload) so the daemon shuts down cleanly
 * and exits 0 instead of the JVM's default 143. Uses {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}) reflectively: javac flags direct use as internal API, and no public API
 * exists. If it is missing, the shutdown hook still closes the daemon (exit status 143).
 */
public final class Signals
{
    private Signals()
    {
    }

    /** @return false when signal handling is unavailable on this JVM */
    public static boolean handle(final String name, final Runnable action)
    {
        try
        {
            final Class<?> signalType = Class.forName("sun.misc.Signal");
            final Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            final Object signal = signalType.getConstructor(String.class).newInstance(name);
            final Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[]{handlerType},
                (proxy, method, args) -> invoke(proxy, method, args, name, action));
            signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
            return true;
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return false;
        }
    }

    private static Object invoke(final Object proxy, final Method method, final Object[] args, final String name,
        final Runnable action)
    {
        return switch (method.getName())
        {
            case "handle" ->
            {
                action.run();
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "vswitch handler for SIG" + name;
            default -> null;
        };
    }
}
