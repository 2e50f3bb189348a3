/// Two Python translations of HumanEval-X C++ `do_algebra` (task 160), whose source makes three passes over the
/// operators (powers, then products, then sums): one merges them into one loop, which ignores precedence; one keeps
/// them. Beam search gave both, the merged one likelier by 0.003; the control-flow comparison ranks the kept one
/// first (`ControlFlowShapeTests`, `TaskEvalEndToEndTests`).
public enum DoAlgebraTranslations {
    /// One loop with an `elif` per operator.
    public static let merged = """
        def do_algebra(operator, operand):
            for i in range(len(operator)):
                if operator[i] == "**":
                    operand[i + 1] = operand[i] ** operand[i + 1]
                elif operator[i] == "*":
                    operand[i + 1] = operand[i] * operand[i + 1]
                elif operator[i] == "+":
                    operand[i + 1] = operand[i] + operand[i + 1]
            return operand[-1]
        """

    /// A loop per precedence level, as the source has.
    public static let kept = """
        def do_algebra(operator, operand):
            for i in range(len(operator)):
                if operator[i] == "**":
                    operand[i + 1] = operand[i] ** operand[i + 1]
            for i in range(len(operator)):
                if operator[i] == "*":
                    operand[i + 1] = operand[i] * operand[i + 1]
            for i in range(len(operator)):
                if operator[i] == "+":
                    operand[i + 1] = operand[i] + operand[i + 1]
            return operand[-1]
        """
}
