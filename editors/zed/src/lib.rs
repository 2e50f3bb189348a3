//! Infill for Zed: starts `infill serve` (from Zed's `lsp.infill.binary` setting, else `infill` on the PATH)
//! and passes `lsp.infill.initialization_options` through as LSP initializationOptions.
use zed_extension_api::{self as zed, settings::LspSettings, LanguageServerId, Result};

struct InfillExtension;

impl zed::Extension for InfillExtension {
    fn new() -> Self {
        InfillExtension
    }

    fn language_server_command(&mut self, _id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree("infill", worktree).ok().and_then(|s| s.binary);
        let command = binary
            .as_ref()
            .and_then(|b| b.path.clone())
            .or_else(|| worktree.which("infill"))
            .ok_or_else(|| "infill is not on the PATH; set lsp.infill.binary.path in Zed's settings".to_string())?;
        let args = binary.and_then(|b| b.arguments).unwrap_or_else(|| vec!["serve".to_string()]);
        Ok(zed::Command { command, args, env: worktree.shell_env() })
    }

    fn language_server_initialization_options(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<zed::serde_json::Value>> {
        Ok(LspSettings::for_worktree("infill", worktree).ok().and_then(|s| s.initialization_options))
    }
}

zed::register_extension!(InfillExtension);
