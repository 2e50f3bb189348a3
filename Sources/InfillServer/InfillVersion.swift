/// Infill's release number: reported to editors in `serverInfo` and by `infill --version`.
public enum InfillVersion {
    /// Semantic version of this source tree; raise it when a release is tagged.
    public static let number = "0.1.0"
}
