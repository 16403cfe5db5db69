package net.vswitch.ports.dpdk;

import java.util.List;

/**
 * The arguments EAL starts with, and, when automatic settings fell back to 4 KB pages, why.
 *
 * @param args     EAL's arguments, without the program name
 * @param fallback why huge pages were not taken (e.g. {@code no hugetlbfs is mounted}), or {@code null}
 */
public record EalPlan(List<String> args, String fallback)
{
    public EalPlan
    {
        args = List.copyOf(args);
    }

    /** Whether EAL takes huge pages. */
    public boolean hugePages()
    {
        return DpdkSettings.usesHugePages(args);
    }

    /**
     * The one line logged when automatic settings fall back to 4 KB pages: the reason, the cost, the cure.
     */
    public String fallbackMessage()
    {
        return "vswitch: DPDK runs on 4 KB pages (" + String.join(" ", args) + ") because " + fallback
            + "; this costs DPDK ports about 40% of their forwarding rate (a TLB miss per mbuf); reserve huge pages"
            + " with '" + HugePages.RESERVE_HINT + "' (and mount hugetlbfs if none is: mount -t hugetlbfs"
            + " nodev /dev/hugepages) and restart";
    }
}
