package org.samtune.checkpoint;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The handful of pickle (protocol 2) opcodes that {@code torch.save} output needs, written directly:
 * Pyrolite's Pickler cannot emit persistent ids, and the torch format depends on them. No memo is
 * written (it is optional for the unpickler), so objects shared by reference are written twice.
 */
final class PickleWriter {
    // opcodes (names as in CPython's pickle.py)
    private static final int PROTO = 0x80;
    private static final int STOP = '.';
    private static final int MARK = '(';
    private static final int GLOBAL = 'c';
    private static final int REDUCE = 'R';
    private static final int BINPERSID = 'Q';
    private static final int NONE = 'N';
    private static final int NEWTRUE = 0x88;
    private static final int NEWFALSE = 0x89;
    private static final int BININT = 'J';
    private static final int BININT1 = 'K';
    private static final int BININT2 = 'M';
    private static final int LONG1 = 0x8a;
    private static final int BINFLOAT = 'G';
    private static final int BINUNICODE = 'X';
    private static final int EMPTY_TUPLE = ')';
    private static final int TUPLE = 't';
    private static final int EMPTY_LIST = ']';
    private static final int APPENDS = 'e';
    private static final int EMPTY_DICT = '}';
    private static final int SETITEMS = 'u';

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter() {
        out.write(PROTO);
        out.write(2);
    }

    byte[] finish() {
        out.write(STOP);
        return out.toByteArray();
    }

    void mark() {
        out.write(MARK);
    }

    void global(String module, String name) {
        out.write(GLOBAL);
        ascii(module);
        out.write('\n');
        ascii(name);
        out.write('\n');
    }

    void reduce() {
        out.write(REDUCE);
    }

    void persistentIdFromStack() {
        out.write(BINPERSID);
    }

    void none() {
        out.write(NONE);
    }

    void bool(boolean b) {
        out.write(b ? NEWTRUE : NEWFALSE);
    }

    void integer(long v) {
        if (v >= 0 && v < 256) {
            out.write(BININT1);
            out.write((int) v);
        } else if (v >= 0 && v < 65536) {
            out.write(BININT2);
            le(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(BININT);
            le(v, 4);
        } else {
            // LONG1: length byte, then two's complement little-endian bytes
            byte[] be = BigInteger.valueOf(v).toByteArray();
            out.write(LONG1);
            out.write(be.length);
            for (int i = be.length - 1; i >= 0; i--) {
                out.write(be[i]);
            }
        }
    }

    void floating(double v) {
        out.write(BINFLOAT);
        long bits = Double.doubleToRawLongBits(v);
        for (int i = 7; i >= 0; i--) {
            out.write((int) (bits >>> (8 * i)));
        }
    }

    void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(BINUNICODE);
        le(b.length, 4);
        out.write(b, 0, b.length);
    }

    void emptyTuple() {
        out.write(EMPTY_TUPLE);
    }

    /** Closes a tuple opened with {@link #mark()}. */
    void tuple() {
        out.write(TUPLE);
    }

    void emptyList() {
        out.write(EMPTY_LIST);
    }

    /** Appends the items since the last mark to the list below it. */
    void appends() {
        out.write(APPENDS);
    }

    void emptyDict() {
        out.write(EMPTY_DICT);
    }

    /** Sets the key/value pairs since the last mark on the dict below it. */
    void setItems() {
        out.write(SETITEMS);
    }

    private void le(long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)));
        }
    }

    private void ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }
}
