extension WriteFunctionRequest {
    /// The examples of the prefix that call the function being written (all of them when its name is unknown):
    /// the prefix is the whole file before the function, whose other examples test other functions.
    public var examples: [CodeExample] {
        ExampleExtraction.calling(function?.name, in: ExampleExtraction.examples(in: prefix, language: language))
    }
}
