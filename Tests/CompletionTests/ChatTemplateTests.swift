import Completion
import XCTest

/// Chat template families recognised from crafted templates, their layouts, and the error for an unknown one.
final class ChatTemplateTests: XCTestCase {
    func testAnExplicitSystemPromptAndAPrefillAreLaidOut() throws {
        let template = try ChatTemplate(template: "{% for m in messages %}{{'<|im_start|>' + m['role'] + '\\n' + m['content'] + '<|im_end|>\\n'}}{% endfor %}")
        XCTAssertNil(template.defaultSystemPrompt)
        XCTAssertEqual(template.render(system: "S", user: "U", assistantPrefill: "```go\n"),
                       "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n```go\n")
        XCTAssertEqual(template.render(user: "U"), "<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n")
    }

    func testTheSystemTurnIsTheTemplatesDefaultNoneOrGiven() throws {
        // Qwen2.5's way: a default system turn written when the conversation has none.
        let qwen = try ChatTemplate(template: "{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}{%- else %}{{- '<|im_start|>system\\nYou are Qwen.<|im_end|>\\n' }}{%- endif %}")
        XCTAssertEqual(qwen.defaultSystemPrompt, "You are Qwen.")
        XCTAssertEqual(qwen.render(.templateDefault, user: "U"),
                       "<|im_start|>system\nYou are Qwen.<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n")
        XCTAssertEqual(qwen.render(.none, user: "U", assistantPrefill: "```\n"), "<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n```\n")
        XCTAssertEqual(qwen.render(.text("S"), user: "U"), "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n")
        let deepSeekCoder = try ChatTemplate(template: "{{'You are an AI programming assistant, utilizing the DeepSeek Coder model.\\n'}}{{'### Instruction:\\n' + message['content'] + '\\n'}}{{'### Response:\\n'}}")
        XCTAssertEqual(deepSeekCoder.render(.none, user: "U"), "### Instruction:\nU\n### Response:\n")
    }

    func testCraftedTemplatesOfOtherFamilies() throws {
        let llama3 = try ChatTemplate(template: "{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{% endfor %}")
        XCTAssertEqual(llama3.family, .llama3)
        XCTAssertEqual(llama3.render(user: "Hi"), "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n")
        XCTAssertEqual(llama3.endOfTurnMarkers, ["<|eot_id|>"])

        let gemma = try ChatTemplate(template: "{{ bos_token }}{% for message in messages %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}")
        XCTAssertEqual(gemma.family, .gemma)
        XCTAssertEqual(gemma.render(system: "Be brief.", user: "Hi"), "<start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\n")

        let mistral = try ChatTemplate(template: "{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% endif %}{% endfor %}")
        XCTAssertEqual(mistral.family, .mistral)
        XCTAssertEqual(mistral.render(user: "Hi"), "[INST] Hi [/INST]")

        let codeLlama = try ChatTemplate(template: "{% if messages[0]['role'] == 'system' %}{{ '<<SYS>>\\n' + system + '\\n<</SYS>>\\n\\n' }}{% endif %}{{ '[INST] ' + content + ' [/INST]' }}")
        XCTAssertEqual(codeLlama.render(system: "S", user: "U"), "[INST] <<SYS>>\nS\n<</SYS>>\n\nU [/INST]")

        let deepSeekCoder = try ChatTemplate(template: "{% if not ns.found %}{{'You are an AI programming assistant, utilizing the DeepSeek Coder model.\\n'}}{% endif %}{{'### Instruction:\\n' + message['content'] + '\\n'}}{{'### Response:\\n'}}")
        XCTAssertEqual(deepSeekCoder.family, .deepSeekCoder)
        XCTAssertEqual(deepSeekCoder.render(user: "U"), "You are an AI programming assistant, utilizing the DeepSeek Coder model.\n### Instruction:\nU\n### Response:\n")

        let deepSeek = try ChatTemplate(template: "{{'<｜User｜>' + message['content']}}{{'<｜Assistant｜>'}}")
        XCTAssertEqual(deepSeek.family, .deepSeek)
        XCTAssertEqual(deepSeek.render(user: "U"), "<｜User｜>U<｜Assistant｜>")
    }

    func testAnUnknownTemplateIsAnErrorNamingIt() {
        XCTAssertThrowsError(try ChatTemplate(template: "{{ '<<turn>>' + message }}")) { error in
            guard case ChatTemplateError.unknown(let excerpt) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(excerpt, "{{ '<<turn>>' + message }}")
            XCTAssertTrue("\(error)".contains("chatML"), "the message lists the known families: \(error)")
        }
        XCTAssertTrue("\(ChatTemplateError.missing)".contains("no chat template"))
    }
}
