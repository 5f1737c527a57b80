package vchkrcpt.cdb;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Writes a cdb the way djb's cdbmake does, byte for byte: records in the order added, then the 256
 * hash tables, each twice as long as its record count, filled by linear probing in record order.
 * The file is written as {@code NAME.tmp} beside the target, fsynced and renamed over it, so a
 * reader sees either the old file or the whole new one. Nothing replaces the target until
 * {@link #commit()}; {@link #close()} without it removes the temporary file.
 */
public final class CdbWriter implements AutoCloseable {
    /** Positions are unsigned 32-bit numbers: the format's limit. */
    static final long MAX_SIZE = 0xffffffffL;

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream out;
    private long position = CdbReader.HEADER_SIZE;
    private int count;
    private int[] hashes = new int[1024];
    private int[] positions = new int[1024];
    private boolean committed;

    public CdbWriter(Path target) throws IOException {
        this.target = target;
        this.temporary = target.resolveSibling(target.getFileName() + ".tmp");
        this.channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        out.write(new byte[CdbReader.HEADER_SIZE]);
    }

    public void add(byte[] key, byte[] data) throws IOException {
        long end = position + 8 + key.length + data.length;
        // Each record also needs two table slots of 8 bytes at the end.
        if (end + 16L * (count + 1) > MAX_SIZE) {
            throw new IOException("cdb would exceed the format's 4 GiB limit");
        }
        if (count == hashes.length) {
            hashes = Arrays.copyOf(hashes, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
        }
        hashes[count] = CdbHash.of(key);
        positions[count] = (int) position;
        count++;
        writePair(key.length, data.length);
        out.write(key);
        out.write(data);
        position = end;
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
                int where = (int) (Integer.toUnsignedLong(hashes[record] >>> 8) % length);
                while (slotPosition[where] != 0) {
                    where = where + 1 == length ? 0 : where + 1;
                }
                slotHash[where] = hashes[record];
                slotPosition[where] = positions[record];
            }
            for (int s = 0; s < length; s++) {
                writePair(slotHash[s], slotPosition[s]);
            }
            position += 8L * length;
        }
        out.flush();
        header.flip();
        while (header.hasRemaining()) {
            channel.write(header, CdbReader.HEADER_SIZE - header.remaining());
        }
        channel.force(true);
        channel.close();
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    private void writePair(int a, int b) throws IOException {
        out.write(a);
        out.write(a >>> 8);
        out.write(a >>> 16);
        out.write(a >>> 24);
        out.write(b);
        out.write(b >>> 8);
        out.write(b >>> 16);
        out.write(b >>> 24);
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            channel.close();
            Files.deleteIfExists(temporary);
        }
    }
}
