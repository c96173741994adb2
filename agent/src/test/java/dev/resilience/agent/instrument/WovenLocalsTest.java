package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The weaver's locals for {@code long fetch(long a, int b)} of {@code a/Client}, whose code uses 6 slots. */
class WovenLocalsTest {
    private static final String FRAME = Type.getInternalName(Frame.class);
    private final WovenLocals locals = new WovenLocals("a/Client", false, Type.getArgumentTypes("(JI)J"), Type.LONG_TYPE, 6);

    @Test
    void theWeaversLocalsLiveAboveTheOriginalMaxLocals() {
        assertThat(locals.frameSlot).isEqualTo(6);
        assertThat(locals.returnedSlot).isEqualTo(7);
        assertThat(locals.thrownSlot).isEqualTo(9); // after the long's two slots
        assertThat(locals.tempSlot).isEqualTo(10);
        assertThat(locals.maxLocals()).isEqualTo(11);
        assertThat(locals.firstParameterSlot()).isEqualTo(1);
    }

    @Test
    void framesListTheParametersThenTopUpToTheWeaversLocals() {
        assertThat(locals.body()).containsExactly("a/Client", Opcodes.LONG, Opcodes.INTEGER, Opcodes.TOP, Opcodes.TOP, FRAME);
        assertThat(locals.exit()).containsExactly("a/Client", Opcodes.LONG, Opcodes.INTEGER, Opcodes.TOP, Opcodes.TOP, FRAME,
                Opcodes.LONG, "java/lang/Throwable");
        assertThat(locals.exitWithTemp(Opcodes.INTEGER)).endsWith("java/lang/Throwable", Opcodes.INTEGER);
        Object[] original = {"a/Client", Opcodes.LONG, Opcodes.INTEGER, "java/lang/String"};
        assertThat(locals.translate(original, 4))
                .containsExactly("a/Client", Opcodes.LONG, Opcodes.INTEGER, "java/lang/String", Opcodes.TOP, FRAME);
    }

    @Test
    void aFrameMustHoldTheParametersAsDeclared() {
        assertThat(locals.holdsParameters(new Object[] {"a/Client", Opcodes.LONG, Opcodes.INTEGER, Opcodes.TOP}, 4)).isTrue();
        assertThat(locals.holdsParameters(new Object[] {"a/Client", Opcodes.LONG}, 2)).as("a parameter dropped").isFalse();
        assertThat(locals.holdsParameters(new Object[] {"a/Client", Opcodes.LONG, "java/lang/String"}, 3)).isFalse();
    }

    @Test
    void storesMayNotChangeAParametersKindNorTouchThis() {
        assertThat(locals.keepsParameters(Opcodes.LSTORE, 1)).isTrue();
        assertThat(locals.keepsParameters(Opcodes.ISTORE, 3)).isTrue();
        assertThat(locals.keepsParameters(Opcodes.ASTORE, 4)).as("not a parameter").isTrue();
        assertThat(locals.keepsParameters(Opcodes.ILOAD, 0)).as("a load").isTrue();
        assertThat(locals.keepsParameters(Opcodes.ASTORE, 0)).as("this").isFalse();
        assertThat(locals.keepsParameters(Opcodes.ISTORE, 1)).as("an int over a long").isFalse();
        assertThat(locals.keepsParameters(Opcodes.ISTORE, 2)).as("the long's second half").isFalse();
        assertThat(locals.keepsParameters(Opcodes.ASTORE, 3)).as("a reference over an int").isFalse();
    }
}
