package net.vswitch.fabric;

/** Time source for aging and expiry; tests inject a manual clock to warp time instead of sleeping. */
@FunctionalInterface
public interface Clock
{
    Clock SYSTEM = System::nanoTime;

    long nanoTime();
}
