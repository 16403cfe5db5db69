package net.vswitch.vswitchd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code vswitch bench}: the figure suite lives in the {@code benchmarks} module (nothing depends on
 * it), which the launcher puts on the class path for this command; this stub hands over to it.
 */
@Command(name = "bench", description = "Measure the figures (CSV + PNG + summary.md); see ./vswitch bench --help.")
public final class BenchLauncher implements Callable<Integer>
{
    static final String TARGET = "net.vswitch.benchmarks.figures.BenchCommand";

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception
    {
        final Class<?> target;
        try
        {
            target = Class.forName(TARGET);
        }
        catch (final ClassNotFoundException ex)
        {
            System.err.println("vswitch bench: the benchmarks module is not on the class path;"
                + " run it as ./vswitch bench from the repository root");
            return 2;
        }
        return (Integer)target.getMethod("execute", String[].class).invoke(null, (Object)args.toArray(new String[0]));
    }
}
