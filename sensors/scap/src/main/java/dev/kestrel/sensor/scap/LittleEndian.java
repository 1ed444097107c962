package dev.kestrel.sensor.scap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian numbers read from a byte array at an index; the caller checks the bounds. */
final class LittleEndian {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    static int u16(byte[] b, int i) {
        return (short) SHORT.get(b, i) & 0xFFFF;
    }

    static int i32(byte[] b, int i) {
        return (int) INT.get(b, i);
    }

    static long u32(byte[] b, int i) {
        return (int) INT.get(b, i) & 0xFFFFFFFFL;
    }

    static long i64(byte[] b, int i) {
        return (long) LONG.get(b, i);
    }
}
