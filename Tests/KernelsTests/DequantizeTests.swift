import Kernels
import TensorFormats
import XCTest

/// Golden values: the block bytes were copied from the named tensors of the test models (or, for types
/// the models do not use, are random bytes with fixed f16 scales), and the expected values were computed
/// once with the numpy dequantizers of the PyPI package `gguf` 0.17 (`gguf.quants.dequantize`), as
/// float32. "sum" is the float64 sum of all decoded values.
final class DequantizeTests: XCTestCase {
    struct Fixture {
        let type: GGMLType
        let hex: String
        let samples: [(Int, Float)]
        let sum: Double
        let sumOfSquares: Double
    }

    func check(_ f: Fixture, file: StaticString = #filePath, line: UInt = #line) {
        let raw = bytes(hex: f.hex)
        let elements = raw.count / f.type.blockBytes * f.type.blockSize
        var out = [Float](repeating: .nan, count: elements)
        raw.withUnsafeBytes { buffer in
            let w = WeightMatrix(type: f.type, rows: 1, columns: elements, data: buffer.baseAddress!)
            XCTAssertEqual(w.rowBytes, raw.count, file: file, line: line)
            Dequantize.row(w, 0, into: &out)
        }
        for (index, expected) in f.samples {
            XCTAssertEqual(out[index], expected, "\(f.type) element \(index)", file: file, line: line)
        }
        let sum = out.reduce(0.0) { $0 + Double($1) }
        let squares = out.reduce(0.0) { $0 + Double($1) * Double($1) }
        XCTAssertEqual(sum, f.sum, accuracy: 1e-9 * max(1, abs(f.sum)), "\(f.type) sum", file: file, line: line)
        XCTAssertEqual(squares, f.sumOfSquares, accuracy: 1e-9 * max(1, f.sumOfSquares), "\(f.type) sum of squares", file: file, line: line)
    }

    func testQ8_0MatchesGGUFPackageOnQwenOutputWeight() {
        // qwen2.5-coder-0.5b output.weight, 2 blocks at byte 72321536.
        check(Fixture(type: .q8_0,
            hex: "850e510a812ef9e404fef2210650dc0feed5e2c8eccafefc151ac2eabbd5bf033b13ce0edf0b3f82e8f1e7a30215b2f312ceecefbc0afe816ac1db5bedf2e32e40eb4b02",
            samples: [(0, 0.03223156929016113), (1, 0.003979206085205078), (15, -0.017110586166381836), (16, -0.011937618255615234), (17, -0.022283554077148438), (31, 0.0075604915618896484), (33, 0.004568576812744141), (47, -0.007060527801513672), (48, -0.028242111206054688), (63, 0.0008306503295898438)],
            sum: -0.2705719470977783, sumOfSquares: 0.027616946693399314))
    }

    func testQ8_0MatchesGGUFPackageOnSmolLMEmbedding() {
        // SmolLM2-135M token_embd.weight, 2 blocks at byte 15040512.
        check(Fixture(type: .q8_0,
            hex: "7d1af6e20cb6cbb4ec27e1e7e00303f4c2f9e817f9ed10c0e0f5fe1e29eae7ccdb7f0818420ad451f50242e607d3cbf4ec05142205e8fbbbedd7d9280034e481c1edb3c2",
            samples: [(0, -0.031681060791015625), (1, -0.09504318237304688), (15, -0.022176742553710938), (16, -0.0760345458984375), (17, 0.07286643981933594), (31, 0.40234947204589844), (33, 0.019683837890625), (47, 0.066925048828125), (48, 0.0098419189453125), (63, -0.122039794921875)],
            sum: -2.1512699127197266, sumOfSquares: 0.8178543979411188))
    }

    func testQ5_0MatchesGGUFPackageOnQwenEmbedding() {
        // qwen2.5-coder-0.5b token_embd.weight, 2 blocks at byte 46796288.
        check(Fixture(type: .q5_0,
            hex: "781acb2ed0e0ca91d0960ffc30308ed471ba8b027e2bc01a061396d87c110800dd8ebdb4e0e3c66e82da9e0e",
            samples: [(0, 0.031585693359375), (1, 0.0031585693359375), (15, -0.0157928466796875), (16, -0.01263427734375), (17, -0.0221099853515625), (31, 0.006317138671875), (33, 0.0032958984375), (47, -0.006591796875), (48, -0.0296630859375), (63, 0.0)],
            sum: -0.2910003662109375, sumOfSquares: 0.027572327060624957))
    }

    func testQ6_KMatchesGGUFPackageOnQwenFFNDown() {
        // qwen2.5-coder-0.5b blk.0.ffn_down.weight, 1 block at byte 1787520.
        check(Fixture(type: .q6_K,
            hex: "e018b4ca18b8a6a0d4279b3c02f82d74bfe3054f34d8df380793e2ca0167e10b78ad1a28650b8dc55c6c26495469b5a0e395cde30d5c069a1d7276b0bc27e541f912c7f7b0859015272fadfd1e6997a0159cf48f68f596e37e9dc80230e1cb20964915b230a6095de2b41e1a60828f38f8d80f600f3dc3500d419d8cef73393aa55717b89aeaa6448866936dc60aa992f28a7265a167146ec196ea41a8968f8d56969a1d9197d4c4063d851315dd3a65c955d1500272da5158a965fae0aa1979a17a769365778c789080807f6663589c6580",
            samples: [(0, -0.009150505065917969), (1, 0.013725757598876953), (15, 0.002287626266479492), (16, -0.01101672649383545), (17, -0.00220334529876709), (31, 0.0036722421646118164), (32, 0.005682945251464844), (63, 0.011155188083648682), (64, -0.008512377738952637), (100, 0.004189968109130859), (127, -0.0028896331787109375), (128, 0.006068229675292969), (200, 0.018421411514282227), (255, -0.007826089859008789)],
            sum: 0.029733121395111084, sumOfSquares: 0.02830280605988733))
    }

    func testQ4_KMatchesGGUFPackageOnQwenFFNDown() {
        // qwen2.5-coder-0.5b blk.11.ffn_down.weight, 1 block at byte 1225728.
        check(Fixture(type: .q4_K,
            hex: "8f03ab0efff4b5b3fffdb0a75b72c79d75b7a8c0248faf54757aaa6a21ca5896bc4868dbbce7889dc607a3f4bc3b973e841459bc827259637fa546a750584647785448376b4a7ab977f1983a7c075962a78c926746b7b4c5a5987a7a2962a4a06578d63efd36d7d69798063da99475487c42bf46dd3c468954ed92585c3a3d7a5c452e16899b36a39739b652f9c70960",
            samples: [(0, -0.008535325527191162), (1, -0.0016935467720031738), (15, -0.005114436149597168), (16, 0.015410900115966797), (17, 0.0017273426055908203), (31, 0.022252678871154785), (32, -0.005060672760009766), (63, -0.016355037689208984), (64, -0.008023500442504883), (100, 0.00628209114074707), (127, 0.0007435083389282227), (128, 0.000855863094329834), (200, -0.009436368942260742), (255, -0.0020252466201782227)],
            sum: 0.033712565898895264, sumOfSquares: 0.025964449712095217))
    }

    func testQ4_1MatchesGGUFPackageOnSmolLMFFNDown() {
        // SmolLM2-135M blk.0.ffn_down.weight, 2 blocks at byte 276480.
        check(Fixture(type: .q4_1,
            hex: "f328f0b5dbceada5d05767ef727f8a6bb0867f7cc228b8b3acb1ef342366868a56877af398422305",
            samples: [(0, 0.054229736328125), (1, 0.17022705078125), (15, 0.0928955078125), (16, 0.131561279296875), (17, 0.0928955078125), (31, -0.100433349609375), (33, -0.20404052734375), (47, -0.05535888671875), (48, 0.1304931640625), (63, -0.2412109375)],
            sum: -0.579376220703125, sumOfSquares: 1.515210852958262))
    }

    func testQ4_0MatchesGGUFPackageOnRandomBlocks() {
        check(Fixture(type: .q4_0,
            hex: "4c22e5f1a94106a0956a26afbccdafe562f94c265f5693c642276ad5ab2da7394551370e",
            samples: [(0, -0.036895751953125), (1, -0.086090087890625), (15, 0.012298583984375), (16, 0.07379150390625), (17, 0.086090087890625), (31, 0.086090087890625), (33, -0.0491943359375), (47, 0.1475830078125), (48, -0.07379150390625), (63, -0.19677734375)],
            sum: -0.95928955078125, sumOfSquares: 0.4480178076773882))
    }

    func testQ5_1MatchesGGUFPackageOnRandomBlocks() {
        check(Fixture(type: .q5_1,
            hex: "4c22d6a93427fa48d732a1df70aca1e926115901dd06f27f4c26d6ad5e19a621f9bd0ccc21397c1ec795ca7748dc03d1",
            samples: [(0, 0.040496826171875), (1, -0.02099609375), (15, 0.138885498046875), (16, 0.114288330078125), (17, 0.188079833984375), (31, 0.040496826171875), (33, 0.62213134765625), (47, -0.06658935546875), (48, 0.27777099609375), (63, 0.22857666015625)],
            sum: 13.123931884765625, sumOfSquares: 5.11143125128001))
    }

    func testQ5_KMatchesGGUFPackageOnRandomBlock() {
        check(Fixture(type: .q5_K,
            hex: "4c22d6a985527357a2e64647f03e2fb81f223f4192c58efd5185f0711ef7677a1f132a818d882195a100b28d6b236b82481bd9fe630dc3ce3be4ebcab72f45b35223479f6e794d57037e2cfde9e15a7789781e3721a557d8e5a703296dcb81db3f65cf9c1bdc5d1d8fc83f0b0bb4db71be572209851d3d24f4c0cf83fe4363f82f4759778955f6ced681cbea7179ced2c8f814a13472ff70ce369d8385452a44f318337f08cd1e614f235d3f83bc45fe",
            samples: [(0, 3.0260009765625), (1, 2.226593017578125), (15, 1.734649658203125), (16, 2.65704345703125), (17, 2.718536376953125), (31, 1.980621337890625), (32, 6.1600341796875), (63, 6.82415771484375), (64, 15.954254150390625), (100, 0.8848876953125), (127, 2.299224853515625), (128, 13.94952392578125), (200, 12.25836181640625), (255, 10.38116455078125)],
            sum: 1582.8978881835938, sumOfSquares: 13836.246476471424))
    }

    func testHandWrittenQ8_0BlockDecodesToScaleTimesQuant() {
        // d = 0.5 (f16 0x3800), q[j] = j − 16.
        var raw: [UInt8] = [0x00, 0x38]
        raw += (0..<32).map { UInt8(bitPattern: Int8($0 - 16)) }
        var out = [Float](repeating: 0, count: 32)
        raw.withUnsafeBytes { Dequantize.row(WeightMatrix(type: .q8_0, rows: 1, columns: 32, data: $0.baseAddress!), 0, into: &out) }
        XCTAssertEqual(out, (0..<32).map { Float($0 - 16) * 0.5 })
    }

    func testF16AndBF16DecodeKnownBitPatterns() {
        // f16: 1.0 = 0x3C00, −2.0 = 0xC000, 65504 = 0x7BFF, smallest subnormal 0x0001 = 2^-24.
        let halves: [UInt16] = [0x3C00, 0xC000, 0x7BFF, 0x0001]
        var out = [Float](repeating: 0, count: 4)
        halves.withUnsafeBytes { Dequantize.row(WeightMatrix(type: .f16, rows: 1, columns: 4, data: $0.baseAddress!), 0, into: &out) }
        XCTAssertEqual(out, [1, -2, 65504, 0x1p-24])
        // bf16: 1.0 = 0x3F80, −0.5 = 0xBF00, 3.140625 = 0x4049.
        let brains: [UInt16] = [0x3F80, 0xBF00, 0x4049]
        var outB = [Float](repeating: 0, count: 3)
        brains.withUnsafeBytes { Dequantize.row(WeightMatrix(type: .bf16, rows: 1, columns: 3, data: $0.baseAddress!), 0, into: &outB) }
        XCTAssertEqual(outB, [1, -0.5, 3.140625])
    }

    func testRowSelectsTheRightRow() {
        // Two Q8_0 rows of one block each: row 1 has d = 1, q = 1...32.
        var raw: [UInt8] = [0x00, 0x38] + [UInt8](repeating: 1, count: 32)
        raw += [0x00, 0x3C] + (1...32).map { UInt8($0) }
        var out = [Float](repeating: 0, count: 32)
        raw.withUnsafeBytes { Dequantize.row(WeightMatrix(type: .q8_0, rows: 2, columns: 32, data: $0.baseAddress!), 1, into: &out) }
        XCTAssertEqual(out, (1...32).map { Float($0) })
    }

    func testSupportedTypes() {
        for type in [GGMLType.f32, .f16, .bf16, .q8_0, .q5_0, .q4_0, .q4_1, .q5_1, .q4_K, .q5_K, .q6_K] {
            XCTAssertTrue(Dequantize.isSupported(type), "\(type)")
        }
        XCTAssertFalse(Dequantize.isSupported(.q2_K))
        XCTAssertFalse(Dequantize.isSupported(.i32))
    }
}
