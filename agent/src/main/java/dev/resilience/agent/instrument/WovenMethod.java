package dev.resilience.agent.instrument;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Weaves one method as the advice classes ({@link InlineAdvice}, {@link InlineVoidAdvice},
 * {@link HandoffAdvice}, {@link HandoffVoidAdvice}) describe it, with ASM alone: the same calls
 * into {@link Dispatch} and {@link HandoffDispatch}, the same suppression of the agent's own
 * exceptions, the same in-place repeat. Byte Buddy's {@code Advice} inlines those classes'
 * bytecode for the same effect, but with the type descriptions it works from it loads about 550
 * classes and costs about a millisecond per class rewritten (docs/benchmarks-history.md, run 7).
 *
 * <p>The original code is left as it is: its local variables keep their slots, and the weaver's
 * own live above the method's {@code max_locals} ({@link WovenLocals}), added to each of its stack
 * map frames. Each {@code return} becomes a store and a jump to the exit code, and one handler over
 * the whole body catches what it throws. Layout:
 * <pre>
 *   frame = null; [inline: copy the arguments]
 *   [enter: frame = Dispatch.enter(id) | HandoffDispatch.handoff(...)]; skip? -> SKIPPED
 *   BODY: nop; original code (return -> store, thrown = null, goto EXIT)
 *   enter handler: drop it -> BODY (the method runs unprotected)
 *   body handler: thrown = t, returned = default -> EXIT
 *   SKIPPED: returned = default, thrown = null
 *   EXIT: [exit: repeat -> restore the arguments, BODY; assign thrown / returned] (its own exceptions dropped)
 *   throw thrown if set, else return returned
 * </pre>
 * The weaver gives up ({@link SiteWeaver.Refused}) on code it cannot handle safely: a
 * {@code return} with more than its value on the stack, and subroutines; the class is then
 * rewritten by Byte Buddy's advice.
 * Confined to the thread rewriting one class.
 */
final class WovenMethod extends StackDepth {
    private static final String FRAME = WovenLocals.FRAME;
    private static final String THROWABLE = WovenLocals.THROWABLE;
    private static final String OBJECT = "java/lang/Object";
    private static final String DISPATCH = Type.getInternalName(Dispatch.class);
    private static final String HANDOFF_DISPATCH = Type.getInternalName(HandoffDispatch.class);
    /*
     * Descriptors built once: the weaver runs interpreted for most of an application's start, where
     * building one per woven call (a StringBuilder chain: the agent is compiled with
     * -XDstringConcat=inline) costs about as much as the call that uses it.
     */
    private static final String HANDOFF_DESCRIPTOR =
            "(ILjava/lang/Class;Ljava/lang/Object;[Ljava/lang/Object;)L".concat(FRAME).concat(";");
    private static final String ENTER_DESCRIPTOR = "(I)L".concat(FRAME).concat(";");
    private static final String EXIT_DESCRIPTOR = "(L".concat(FRAME).concat(";Ljava/lang/Throwable;)I");
    /** The weaver's own code needs at most this many stack slots (the hand-off's argument array). */
    private static final int OWN_MAX_STACK = 8;

    private final int siteId;
    private final boolean handoff;
    private final String owner;
    private final boolean isStatic;
    private final Type[] parameters;
    private final Type returned;
    private final WovenLocals locals;
    /**
     * Where the weaver's own code goes: straight to the writer, past {@link StackDepth}, which only
     * the original code needs (the prologue leaves the depth at zero, as the body starts). Half the
     * layers per instruction, while the weaver runs interpreted.
     */
    private final MethodVisitor out;
    /** The original {@code max_locals}, to check against the one ASM reports at the end. */
    private final int originalMaxLocals;
    /** Its stack map frames, written compressed. */
    private final WovenFrames frames;

    private final Label body = new Label();
    private final Label bodyEnd = new Label();
    private final Label bodyHandler = new Label();
    private final Label enterStart = new Label();
    private final Label enterEnd = new Label();
    private final Label enterHandler = new Label();
    private final Label skipped = new Label();
    private final Label exit = new Label();
    private final Label exitEnd = new Label();
    private final Label exitHandler = new Label();
    private final Label after = new Label();
    private final Label giveBack = new Label();

    WovenMethod(MethodVisitor target, SiteWeaver.Target site, String owner, int access, String descriptor, int maxLocals) {
        super(target);
        this.out = target;
        this.siteId = site.id();
        this.handoff = site.handoff();
        this.owner = owner;
        this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
        this.parameters = Type.getArgumentTypes(descriptor);
        this.returned = Type.getReturnType(descriptor);
        this.locals = new WovenLocals(owner, isStatic, parameters, returned, maxLocals, !handoff);
        this.originalMaxLocals = maxLocals;
        this.frames = new WovenFrames(target, locals);
    }

    /** The local variable slots the woven method needs: the original's and the weaver's own. */
    int maxLocals() {
        return locals.maxLocals();
    }

    @Override
    public void visitCode() {
        super.visitCode();
        // An exception in the agent's own entry point leaves the frame null, so the body runs unprotected.
        out.visitInsn(Opcodes.ACONST_NULL);
        out.visitVarInsn(Opcodes.ASTORE, locals.frameSlot);
        if (locals.backsUp()) {
            copyArguments(true);
        }
        out.visitTryCatchBlock(enterStart, enterEnd, enterHandler, THROWABLE);
        out.visitLabel(enterStart);
        pushInt(siteId);
        if (handoff) {
            out.visitLdcInsn(Type.getObjectType(owner));
            if (isStatic) {
                out.visitInsn(Opcodes.ACONST_NULL);
            } else {
                out.visitVarInsn(Opcodes.ALOAD, 0);
            }
            argumentArray();
            out.visitMethodInsn(Opcodes.INVOKESTATIC, HANDOFF_DISPATCH, "handoff", HANDOFF_DESCRIPTOR, false);
            out.visitVarInsn(Opcodes.ASTORE, locals.frameSlot);
            out.visitVarInsn(Opcodes.ALOAD, locals.frameSlot);
            out.visitJumpInsn(Opcodes.IFNONNULL, skipped);
        } else {
            out.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCH, "enter", ENTER_DESCRIPTOR, false);
            out.visitVarInsn(Opcodes.ASTORE, locals.frameSlot);
            out.visitVarInsn(Opcodes.ALOAD, locals.frameSlot);
            out.visitJumpInsn(Opcodes.IFNULL, body);
            out.visitVarInsn(Opcodes.ALOAD, locals.frameSlot);
            out.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FRAME, "skip", "()Z", false);
            out.visitJumpInsn(Opcodes.IFNE, skipped);
        }
        out.visitLabel(enterEnd);
        out.visitLabel(body);
        frames.own(locals.body(), 0, null);
        // The original code may start with a frame of its own, which must not share this one's offset.
        out.visitInsn(Opcodes.NOP);
    }

    /** Copies every argument ({@code this} included) to its backup slot, or back from it before a retry. */
    private void copyArguments(boolean toBackup) {
        int slot = 0;
        if (!isStatic) {
            copy(Type.getObjectType(owner), slot, toBackup);
            slot++;
        }
        for (Type parameter : parameters) {
            copy(parameter, slot, toBackup);
            slot += parameter.getSize();
        }
    }

    private void copy(Type type, int slot, boolean toBackup) {
        int backup = locals.backupSlot + slot;
        out.visitVarInsn(type.getOpcode(Opcodes.ILOAD), toBackup ? slot : backup);
        out.visitVarInsn(type.getOpcode(Opcodes.ISTORE), toBackup ? backup : slot);
    }

    /** The method's arguments boxed into an {@code Object[]}, as {@code @Advice.AllArguments} passes them. */
    private void argumentArray() {
        pushInt(parameters.length);
        out.visitTypeInsn(Opcodes.ANEWARRAY, OBJECT);
        int slot = locals.firstParameterSlot();
        for (int i = 0; i < parameters.length; i++) {
            out.visitInsn(Opcodes.DUP);
            pushInt(i);
            out.visitVarInsn(parameters[i].getOpcode(Opcodes.ILOAD), slot);
            WovenBoxing.box(out, parameters[i]);
            out.visitInsn(Opcodes.AASTORE);
            slot += parameters[i].getSize();
        }
    }

    /** The original code's frames: the depth it states, and the frame again with the weaver's locals. */
    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stackTypes) {
        depthFromFrame(numStack, stackTypes);
        frames.original(type, numLocal, local, numStack, stackTypes);
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            if (depth() != returned.getSize()) {
                throw new SiteWeaver.Refused("a return leaves values on the stack");
            }
            if (returned.getSort() != Type.VOID) {
                super.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), locals.returnedSlot);
            }
            super.visitInsn(Opcodes.ACONST_NULL);
            super.visitVarInsn(Opcodes.ASTORE, locals.thrownSlot);
            super.visitJumpInsn(Opcodes.GOTO, exit);
            return;
        }
        super.visitInsn(opcode);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        if (opcode == Opcodes.RET) {
            throw new SiteWeaver.Refused("subroutine");
        }
        super.visitVarInsn(opcode, varIndex);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        if (opcode == Opcodes.JSR) {
            throw new SiteWeaver.Refused("subroutine");
        }
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        if (maxLocals != originalMaxLocals) {
            throw new SiteWeaver.Refused("max_locals read ahead does not match"); // a bug of ours, never the class's
        }
        out.visitLabel(bodyEnd);
        Object[] afterBody = locals.afterBody();
        Object[] exitLocals = locals.exit();

        // The agent's entry point threw (never on purpose: it catches its own errors): run unprotected.
        out.visitLabel(enterHandler);
        frames.own(locals.body(), 1, THROWABLE);
        out.visitInsn(Opcodes.POP);
        out.visitJumpInsn(Opcodes.GOTO, body);

        // The body threw: its exception is the outcome the exit code sees. Placed just before
        // "skipped", whose frame then repeats its locals (and is written as "same").
        out.visitLabel(bodyHandler);
        frames.own(afterBody, 1, THROWABLE);
        out.visitVarInsn(Opcodes.ASTORE, locals.thrownSlot);
        storeDefaultReturned();
        out.visitJumpInsn(Opcodes.GOTO, exit);

        // The entry point ran the call itself (hand-off) or refused it: the body does not run.
        out.visitLabel(skipped);
        frames.own(afterBody, 0, null);
        storeDefaultReturned();
        out.visitInsn(Opcodes.ACONST_NULL);
        out.visitVarInsn(Opcodes.ASTORE, locals.thrownSlot);

        out.visitLabel(exit);
        frames.own(exitLocals, 0, null);
        out.visitVarInsn(Opcodes.ALOAD, locals.frameSlot);
        out.visitJumpInsn(Opcodes.IFNULL, after);
        if (handoff) {
            handoffExit();
        } else {
            inlineExit();
        }
        out.visitLabel(exitEnd);

        out.visitLabel(after);
        frames.own(exitLocals, 0, null);
        out.visitVarInsn(Opcodes.ALOAD, locals.thrownSlot);
        out.visitJumpInsn(Opcodes.IFNULL, giveBack);
        out.visitVarInsn(Opcodes.ALOAD, locals.thrownSlot);
        out.visitInsn(Opcodes.ATHROW);
        out.visitLabel(giveBack);
        frames.own(exitLocals, 0, null);
        if (returned.getSort() != Type.VOID) {
            out.visitVarInsn(returned.getOpcode(Opcodes.ILOAD), locals.returnedSlot);
        }
        out.visitInsn(returned.getOpcode(Opcodes.IRETURN));

        // The exit code's own exception (never on purpose) is dropped; the outcome stands as assigned so far.
        // The frame is marked stale with a field store, which needs no stack: a stack overflow in the exit
        // code leaves no room for a call, and the thread's next protected call ends the frame (Frame#stale).
        out.visitLabel(exitHandler);
        frames.own(exitLocals, 1, THROWABLE);
        if (handoff) {
            // A hand-off's outcome so far is the default value of a body that did not run here: a stack
            // overflow (or out of memory) reading the frame is what the caller gets, not 0 or null (review).
            Label drop = new Label();
            out.visitInsn(Opcodes.DUP);
            out.visitTypeInsn(Opcodes.INSTANCEOF, "java/lang/VirtualMachineError");
            out.visitJumpInsn(Opcodes.IFEQ, drop);
            out.visitVarInsn(Opcodes.ASTORE, locals.thrownSlot);
            out.visitJumpInsn(Opcodes.GOTO, after);
            out.visitLabel(drop);
            frames.own(exitLocals, 1, THROWABLE);
        }
        out.visitInsn(Opcodes.POP);
        out.visitVarInsn(Opcodes.ALOAD, locals.frameSlot);
        out.visitJumpInsn(Opcodes.IFNULL, after);
        out.visitVarInsn(Opcodes.ALOAD, locals.frameSlot);
        out.visitInsn(Opcodes.ICONST_1);
        out.visitFieldInsn(Opcodes.PUTFIELD, FRAME, "stale", "Z");
        out.visitJumpInsn(Opcodes.GOTO, after);

        // Last in the table: the original's own handlers, listed before, take precedence inside the body.
        out.visitTryCatchBlock(body, bodyEnd, bodyHandler, THROWABLE);
        out.visitTryCatchBlock(exit, exitEnd, exitHandler, THROWABLE);
        out.visitMaxs(Math.max(maxStack, OWN_MAX_STACK), locals.maxLocals());
    }

    /** {@code Dispatch.exit}: repeat the body, throw the frame's error, return its value, or leave the outcome. */
    private void inlineExit() {
        Label notRepeat = new Label();
        Label notThrow = new Label();
        out.visitVarInsn(Opcodes.ALOAD, locals.frameSlot);
        out.visitVarInsn(Opcodes.ALOAD, locals.thrownSlot);
        out.visitMethodInsn(Opcodes.INVOKESTATIC, DISPATCH, "exit", EXIT_DESCRIPTOR, false);
        out.visitVarInsn(Opcodes.ISTORE, locals.tempSlot);
        unlessAction(Dispatch.REPEAT, notRepeat);
        copyArguments(false); // the next attempt starts from the caller's arguments
        out.visitJumpInsn(Opcodes.GOTO, body);
        out.visitLabel(notRepeat);
        frames.own(locals.exitWithTemp(Opcodes.INTEGER), 0, null);
        unlessAction(Dispatch.THROW, notThrow);
        out.visitVarInsn(Opcodes.ALOAD, locals.frameSlot);
        out.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FRAME, "takeError", "()Ljava/lang/Throwable;", false);
        out.visitVarInsn(Opcodes.ASTORE, locals.thrownSlot);
        out.visitJumpInsn(Opcodes.GOTO, after);
        out.visitLabel(notThrow);
        frames.own(locals.exitWithTemp(Opcodes.INTEGER), 0, null);
        unlessAction(Dispatch.REPLACE, after);
        out.visitVarInsn(Opcodes.ALOAD, locals.frameSlot);
        out.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FRAME, "takeValue", "()Ljava/lang/Object;", false);
        if (returned.getSort() == Type.VOID) {
            out.visitInsn(Opcodes.POP);
        } else {
            WovenBoxing.unbox(out, returned);
            out.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), locals.returnedSlot);
        }
        out.visitInsn(Opcodes.ACONST_NULL);
        out.visitVarInsn(Opcodes.ASTORE, locals.thrownSlot);
    }

    /** Jumps to {@code otherwise} unless the exit action held in the temporary is {@code action}. */
    private void unlessAction(int action, Label otherwise) {
        out.visitVarInsn(Opcodes.ILOAD, locals.tempSlot);
        pushInt(action);
        out.visitJumpInsn(Opcodes.IF_ICMPNE, otherwise);
    }

    /** The call ran elsewhere: its error becomes the thrown exception, or its value the returned one. */
    private void handoffExit() {
        out.visitVarInsn(Opcodes.ALOAD, locals.frameSlot);
        out.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FRAME, "takeError", "()Ljava/lang/Throwable;", false);
        out.visitVarInsn(Opcodes.ASTORE, locals.tempSlot);
        out.visitVarInsn(Opcodes.ALOAD, locals.tempSlot);
        if (returned.getSort() == Type.VOID) {
            out.visitJumpInsn(Opcodes.IFNULL, after);
            out.visitVarInsn(Opcodes.ALOAD, locals.tempSlot);
            out.visitVarInsn(Opcodes.ASTORE, locals.thrownSlot);
            return;
        }
        Label noError = new Label();
        out.visitJumpInsn(Opcodes.IFNULL, noError);
        out.visitVarInsn(Opcodes.ALOAD, locals.tempSlot);
        out.visitVarInsn(Opcodes.ASTORE, locals.thrownSlot);
        out.visitJumpInsn(Opcodes.GOTO, after);
        out.visitLabel(noError);
        frames.own(locals.exitWithTemp(THROWABLE), 0, null);
        out.visitVarInsn(Opcodes.ALOAD, locals.frameSlot);
        out.visitMethodInsn(Opcodes.INVOKEVIRTUAL, FRAME, "takeValue", "()Ljava/lang/Object;", false);
        WovenBoxing.unbox(out, returned);
        out.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), locals.returnedSlot);
    }

    /** Skipped and failed bodies leave the default value as the returned one, as Byte Buddy's advice does. */
    private void storeDefaultReturned() {
        switch (returned.getSort()) {
            case Type.VOID -> {
                return;
            }
            case Type.LONG -> out.visitInsn(Opcodes.LCONST_0);
            case Type.FLOAT -> out.visitInsn(Opcodes.FCONST_0);
            case Type.DOUBLE -> out.visitInsn(Opcodes.DCONST_0);
            case Type.OBJECT, Type.ARRAY -> out.visitInsn(Opcodes.ACONST_NULL);
            default -> out.visitInsn(Opcodes.ICONST_0);
        }
        out.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), locals.returnedSlot);
    }

    private void pushInt(int value) {
        if (value >= -1 && value <= 5) {
            out.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            out.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            out.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            out.visitLdcInsn(value);
        }
    }
}
