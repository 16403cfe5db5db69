package net.vswitch.logic.filter;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import net.vswitch.fabric.SwitchLogic;
import org.junit.jupiter.api.Test;

/** The daemon finds the modules by name through ServiceLoader. */
class ServiceRegistrationTest
{
    @Test
    void shouldRegisterBothModulesByName()
    {
        final Set<String> names = ServiceLoader.load(SwitchLogic.class).stream()
            .map(provider -> provider.get().name()).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("filter3", "middlebox")), names.toString());
    }
}
