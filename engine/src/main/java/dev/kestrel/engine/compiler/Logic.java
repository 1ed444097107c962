package dev.kestrel.engine.compiler;

/** The boolean connectives, constants and the per-event memo used for shared sub-conditions. */
final class Logic {
    private Logic() {
    }

    static final class And extends Cond {
        private final Cond[] children;

        And(Cond[] children) {
            this.children = children;
        }

        @Override
        boolean test(Frame f) {
            for (Cond c : children) {
                if (!c.test(f)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Or extends Cond {
        private final Cond[] children;

        Or(Cond[] children) {
            this.children = children;
        }

        @Override
        boolean test(Frame f) {
            for (Cond c : children) {
                if (c.test(f)) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class Not extends Cond {
        private final Cond operand;

        Not(Cond operand) {
            this.operand = operand;
        }

        @Override
        boolean test(Frame f) {
            return !operand.test(f);
        }
    }

    static final class Const extends Cond {
        static final Const TRUE = new Const(true);
        static final Const FALSE = new Const(false);
        private final boolean value;

        private Const(boolean value) {
            this.value = value;
        }

        @Override
        boolean test(Frame f) {
            return value;
        }
    }

    /** Evaluates a shared sub-condition once per event and keeps the result in a frame slot. */
    static final class Memo extends Cond {
        private final Cond inner;
        private final int slot;

        Memo(Cond inner, int slot) {
            this.inner = inner;
            this.slot = slot;
        }

        @Override
        boolean test(Frame f) {
            if (f.stamps[slot] == f.seq) {
                return f.bools[slot];
            }
            boolean r = inner.test(f);
            f.stamps[slot] = f.seq;
            f.bools[slot] = r;
            return r;
        }
    }
}
