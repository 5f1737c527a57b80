package vchkrcpt.cdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a cdb the way djb's cdbmake does, byte for byte: records in the order added, then the 256
 * hash tables, each twice as long as its record count, filled by linear probing in record order.
 * The file is written beside the target under a name of its own ({@code NAME.tmp.PID.N}), fsynced
 * and renamed over the target, so a reader sees either the old file or the whole new one, even when
 * two writers build the same target at once (the last rename wins). The temporary file is created
 * exclusively and never through a link: a name someone planted beside the target is skipped, not
 * written through. Nothing replaces the target until {@link #commit()}; {@link #close()} without it
 * removes the temporary file. A writer killed outright leaves its temporary file behind.
 */
public final class CdbWriter implements AutoCloseable {
    /** Positions are unsigned 32-bit numbers: a cdb is at most this many bytes. */
    static final long FORMAT_LIMIT = 0xffffffffL;

    /** Tells this process's writers apart; the pid tells processes apart. */
    private static final AtomicLong SEQUENCE = new AtomicLong();
    /** Names taken by someone else that are skipped before giving up. */
    private static final int NAME_TRIES = 100;

    private final Path target;
    private Path temporary;
    private final long limit;
    private final FileChannel channel;
    private final byte[] buffer = new byte[1 << 20];
    private int buffered;
    private long position = CdbReader.HEADER_SIZE;
    private long recordStart;
    private int count;
    private int[] hashes = new int[1024];
    private int[] positions = new int[1024];
    private boolean committed;

    public CdbWriter(Path target) throws IOException {
        this(target, FORMAT_LIMIT);
    }

    /** @param limit the largest file to write; lowered by tests, which cannot write 4 GiB */
    CdbWriter(Path target, long limit) throws IOException {
        this.target = target;
        this.limit = limit;
        this.channel = createTemporary();
        buffered = CdbReader.HEADER_SIZE; // the header, zeros until commit() writes it
    }

    /** The file being written, {@code TARGET.tmp.PID.N}: new, ours, and renamed over the target by commit(). */
    public Path temporary() {
        return temporary;
    }

    private FileChannel createTemporary() throws IOException {
        for (int tries = 1;; tries++) {
            temporary = target.resolveSibling(target.getFileName() + ".tmp." + ProcessHandle.current().pid()
                    + "." + SEQUENCE.incrementAndGet());
            try {
                return FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
            } catch (FileAlreadyExistsException e) {
                // Left by a dead process that had our pid, or planted: never written through.
                if (tries == NAME_TRIES) {
                    throw e;
                }
            }
        }
    }

    public void add(byte[] key, byte[] data) throws IOException {
        begin(key.length, data.length);
        append(key, 0, key.length);
        append(data, 0, data.length);
        end(CdbHash.of(key));
    }

    long limit() {
        return limit;
    }

    /** @return whether a record of these lengths still fits in the file, its two table slots included */
    boolean fits(long keyLength, long dataLength) {
        return position + 8 + keyLength + dataLength + 16L * (count + 1) <= limit;
    }

    /**
     * Starts a record whose key and data follow through {@link #append}; {@link #end} closes it.
     * cdbmake input declares the lengths first, so a record is streamed, never held whole.
     */
    void begin(long keyLength, long dataLength) throws IOException {
        if (!fits(keyLength, dataLength)) {
            throw new IOException("a record of a " + keyLength + "-byte key and " + dataLength
                    + "-byte data would make the cdb larger than the format's limit of " + limit + " bytes");
        }
        recordStart = position;
        writePair((int) keyLength, (int) dataLength);
    }

    void append(byte[] bytes, int offset, int length) throws IOException {
        if (length > buffer.length - buffered) {
            flush();
            if (length > buffer.length) {
                writeFully(ByteBuffer.wrap(bytes, offset, length));
                position += length;
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, buffered, length);
        buffered += length;
        position += length;
    }

    /** @param hash the {@link CdbHash} of the record's key */
    void end(int hash) {
        if (count == hashes.length) {
            hashes = Arrays.copyOf(hashes, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
        }
        hashes[count] = hash;
        positions[count] = (int) recordStart;
        count++;
    }

    /** Writes the tables and the header, fsyncs, and renames the file into place. */
    public void commit() throws IOException {
        int[] tableCount = new int[256];
        for (int i = 0; i < count; i++) {
            tableCount[hashes[i] & 0xff]++;
        }
        // Records of each table, in the order they were added.
        int[] start = new int[257];
        for (int t = 0; t < 256; t++) {
            start[t + 1] = start[t] + tableCount[t];
        }
        int[] byTable = new int[count];
        int[] fill = Arrays.copyOf(start, 256);
        for (int i = 0; i < count; i++) {
            byTable[fill[hashes[i] & 0xff]++] = i;
        }

        ByteBuffer header = ByteBuffer.allocate(CdbReader.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int longest = 0;
        for (int t = 0; t < 256; t++) {
            longest = Math.max(longest, tableCount[t] * 2);
        }
        int[] slotHash = new int[longest];
        int[] slotPosition = new int[longest];
        for (int t = 0; t < 256; t++) {
            int length = tableCount[t] * 2;
            header.putInt((int) position).putInt(length);
            Arrays.fill(slotHash, 0, length, 0);
            Arrays.fill(slotPosition, 0, length, 0);
            for (int k = start[t]; k < start[t + 1]; k++) {
                int record = byTable[k];
                int where = (hashes[record] >>> 8) % length;
                while (slotPosition[where] != 0) {
                    where = where + 1 == length ? 0 : where + 1;
                }
                slotHash[where] = hashes[record];
                slotPosition[where] = positions[record];
            }
            for (int s = 0; s < length; s++) {
                writePair(slotHash[s], slotPosition[s]);
            }
        }
        flush();
        header.flip();
        while (header.hasRemaining()) {
            channel.write(header, header.position());
        }
        channel.force(true);
        channel.close();
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    private void writePair(int a, int b) throws IOException {
        if (buffer.length - buffered < 8) {
            flush();
        }
        byte[] to = buffer;
        int at = buffered;
        to[at] = (byte) a;
        to[at + 1] = (byte) (a >>> 8);
        to[at + 2] = (byte) (a >>> 16);
        to[at + 3] = (byte) (a >>> 24);
        to[at + 4] = (byte) b;
        to[at + 5] = (byte) (b >>> 8);
        to[at + 6] = (byte) (b >>> 16);
        to[at + 7] = (byte) (b >>> 24);
        buffered = at + 8;
        position += 8;
    }

    private void flush() throws IOException {
        writeFully(ByteBuffer.wrap(buffer, 0, buffered));
        buffered = 0;
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            channel.close();
            Files.deleteIfExists(temporary);
        }
    }
}
