package net.vswitch.logic.openflow.ct;

import net.vswitch.logic.openflow.action.Action;
import net.vswitch.logic.openflow.action.Translation;

/** {@code ct_clear}: the packet becomes untracked (ct_state, ct_zone and ct_mark 0) for the rest of the pipeline. */
public record CtClear() implements Action
{
    @Override
    public void translate(final Translation xlate)
    {
        CtAction.clear(xlate.key());
        xlate.program().ctClear();
    }

    @Override
    public String toString()
    {
        return "ct_clear";
    }
}
