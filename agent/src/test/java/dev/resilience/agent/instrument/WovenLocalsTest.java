package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The weaver's locals for {@code long fetch(long a, int b)} of {@code a/Client}, whose code uses 6 slots. */
class WovenLocalsTest {
    private static final String FRAME = Type.getInternalName(Frame.class);
    private static final Object TOP = Opcodes.TOP;
    private final WovenLocals inline = new WovenLocals("a/Client", false, Type.getArgumentTypes("(JI)J"), Type.LONG_TYPE, 6, true);
    private final WovenLocals handoff = new WovenLocals("a/Client", false, Type.getArgumentTypes("(JI)J"), Type.LONG_TYPE, 6, false);

    @Test
    void theWeaversLocalsLiveAboveTheOriginalMaxLocalsWithACopyOfTheArgumentsForAnInlineSite() {
        assertThat(inline.frameSlot).isEqualTo(6);
        assertThat(inline.backupSlot).isEqualTo(7); // this at 7, a at 8-9, b at 10
        assertThat(inline.returnedSlot).isEqualTo(11);
        assertThat(inline.thrownSlot).isEqualTo(13); // after the long's two slots
        assertThat(inline.tempSlot).isEqualTo(14);
        assertThat(inline.maxLocals()).isEqualTo(15);

        assertThat(handoff.returnedSlot).as("no copies for a hand-off").isEqualTo(7);
        assertThat(handoff.maxLocals()).isEqualTo(11);
    }

    @Test
    void theBodyStartsWithTheArgumentsAsDeclaredAndTheWeaversLiveLocals() {
        assertThat(inline.body()).containsExactly("a/Client", Opcodes.LONG, Opcodes.INTEGER, TOP, TOP, FRAME,
                "a/Client", Opcodes.LONG, Opcodes.INTEGER);
        assertThat(handoff.body()).containsExactly("a/Client", Opcodes.LONG, Opcodes.INTEGER, TOP, TOP, FRAME);
        Object[] original = {"a/Client", Opcodes.LONG, Opcodes.INTEGER, "java/lang/String"};
        assertThat(inline.translate(original, 4)).containsExactly("a/Client", Opcodes.LONG, Opcodes.INTEGER,
                "java/lang/String", TOP, FRAME, "a/Client", Opcodes.LONG, Opcodes.INTEGER);
    }

    @Test
    void afterTheBodyNothingOfTheMethodsOwnLocalsIsRequired() {
        // whatever the body stored in its parameters' slots, the handler and the exit code verify
        assertThat(inline.afterBody()).containsExactly(TOP, TOP, TOP, TOP, TOP, TOP, FRAME, "a/Client", Opcodes.LONG, Opcodes.INTEGER);
        assertThat(inline.exit()).containsExactly(TOP, TOP, TOP, TOP, TOP, TOP, FRAME, "a/Client", Opcodes.LONG, Opcodes.INTEGER,
                Opcodes.LONG, "java/lang/Throwable");
        assertThat(handoff.exitWithTemp("java/lang/Throwable")).containsExactly(TOP, TOP, TOP, TOP, TOP, TOP, FRAME,
                Opcodes.LONG, "java/lang/Throwable", "java/lang/Throwable");
    }
}
